import type { Executor } from '../../db/executor.js';
import { contactMergeHooks, mergeContactRows } from '../contacts/contacts-merge.service.js';
import { insertContact } from '../contacts/contacts.repo.js';
import { normalizeEmail, normalizePhone } from '../contacts/normalize.js';
import { publicActor } from '../public/public-actor.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import * as repo from './identity.repo.js';

// A merge of contacts moves their browsers and external ids with their other history.
if (!contactMergeHooks.includes(repo.moveIdentityRows)) contactMergeHooks.push(repo.moveIdentityRows);

export interface ResolveContactOptions {
  /** A transaction: the advisory locks taken here last until it ends. */
  db: Executor;
  workspaceId: number;
  email?: string | null;
  /** The contact's id in another system (a shop's customer id, a chat id, the site's user id). */
  externalId?: string | null;
  /** Which system `externalId` belongs to: 'web', 'api', 'shopify', 'woocommerce', 'whatsapp'… */
  source: string;
  /** Create the contact when none is found (default true). */
  create?: boolean;
  /**
   * Merge the two contacts when email and external id name different ones (default true). Off
   * for public writers (the snippet): a stranger with the public key must not be able to merge
   * someone's contact into another; there the external id's contact is used.
   */
  mergeConflicts?: boolean;
  /** Names (and a chat sender's phone) for a contact created here. */
  traits?: { firstName?: string; lastName?: string; phone?: string | null };
}

/**
 * The contact an email and/or an external id designate, for every module that meets people
 * outside the app (the events API and snippet, orders, inbound messages). The external id is
 * recorded on the contact found by email, so one contact gathers several ids. When the email and
 * the external id lead to two different contacts, they are one person: the younger contact is
 * merged into the older with the ordinary contact merge (history, addresses, timeline), so the
 * result does not depend on the order the two identities arrived in. Returns null only when
 * nothing was found and `create` is false.
 */
export async function resolveContact(options: ResolveContactOptions): Promise<number | null> {
  const { db, workspaceId: ws, source } = options;
  const email = options.email?.trim().toLowerCase() || null;
  const externalId = options.externalId?.trim() || null;
  if (!email && !externalId) return null;
  // Locks in a fixed order (email, then id): two resolutions of one person wait for each other.
  if (email) await repo.lockIdentifier(db, ws, `email:${normalizeEmail(email)}`);
  if (externalId) await repo.lockIdentifier(db, ws, `id:${source}:${externalId}`);
  const byId = externalId ? await repo.findContactByExternalId(db, ws, source, externalId) : null;
  const byEmail = email ? await repo.findContactByEmail(db, ws, email, normalizeEmail(email)!) : null;
  let contactId = byId ?? byEmail;
  if (byId !== null && byEmail !== null && byId !== byEmail && options.mergeConflicts !== false) {
    const [survivorId, duplicateId] = byId < byEmail ? [byId, byEmail] : [byEmail, byId];
    await mergeContactRows(db, { actor: publicActor(ws, `identity:${source}`), survivorId, duplicateId });
    contactId = survivorId;
  }
  if (contactId === null) {
    if (options.create === false) return null;
    contactId = await insertContact(db, ws, {
      email, email_normalized: normalizeEmail(email), first_name: options.traits?.firstName?.slice(0, 200) ?? '', last_name: options.traits?.lastName?.slice(0, 200) ?? '',
      phone: options.traits?.phone || null, phone_normalized: normalizePhone(options.traits?.phone),
    });
    await insertTimelineEvents(db, [{ workspaceId: ws, contactId, kind: 'created', data: { source } }]);
  }
  if (externalId && byId !== contactId) await repo.insertIdentity(db, ws, source, externalId, contactId);
  return contactId;
}
