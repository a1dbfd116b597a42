import { sql, type SqlBool } from 'kysely';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { segmentContactIds } from '../segments/segment-contacts.js';
import { suppressedHashes } from '../suppressions/suppressions.repo.js';
import { emailHash, isSendableEmail } from './email-hash.js';

export interface Recipient {
  contactId: number;
  email: string;
}

export const GUARD_PAGE = 1000;

/**
 * THE send guard: every campaign and journey send asks it who may receive marketing email on a
 * list now, and mails only those. A recipient is
 *  - a `subscribed` member of the list (pending and unsubscribed members are not),
 *  - with `granted` consent for that list in the current state (so a membership without a ledger
 *    row, as before consent was enforced, never qualifies) and no channel-wide withdrawal,
 *  - not on the workspace's suppression list by the keyed hash of the address (which also covers
 *    erased people re-added later, whose address is kept only as that hash),
 *  - with a syntactically sendable address. Erased contacts no longer exist at all.
 * Candidates are either `contactIds` or a segment (needs an actor who may read segments). Pages
 * by contact id (`afterContactId`, at most GUARD_PAGE a call; pass back `next`), so a send loop
 * walks a big list in bounded steps. Plan: list_members primary key (list_id, contact_id) walked in contact order,
 * contact_consents_key probes for the two consent rows, suppressions_hash_key for the page.
 */
export async function eligibleRecipients(o: {
  ctx: AppContext;
  workspaceId: number;
  listId: number;
  contactIds?: number[];
  segmentId?: number;
  actor?: Actor;
  afterContactId?: number;
  limit?: number;
}): Promise<{ recipients: Recipient[]; next: number | null }> {
  const { ctx, workspaceId, listId } = o;
  const limit = Math.min(o.limit ?? GUARD_PAGE, GUARD_PAGE);
  if (o.contactIds && o.contactIds.length === 0) return { recipients: [], next: null };
  const list = await ctx.db.selectFrom('lists').select('id').where('workspace_id', '=', workspaceId).where('id', '=', listId).executeTakeFirst();
  if (!list) throw AppError.notFound('List');
  let q = ctx.db.selectFrom('list_members as m')
    .innerJoin('contacts as c', (j) => j.onRef('c.id', '=', 'm.contact_id').on('c.workspace_id', '=', workspaceId))
    .innerJoin('contact_consents as cc', (j) => j.onRef('cc.contact_id', '=', 'm.contact_id')
      .on('cc.workspace_id', '=', workspaceId).on('cc.channel', '=', 'email').on(sql<SqlBool>`coalesce(cc.list_id, 0) = ${listId}`).on('cc.status', '=', 'granted'))
    .select(['c.id', 'c.email'])
    .where('m.workspace_id', '=', workspaceId).where('m.list_id', '=', listId).where('m.status', '=', 'subscribed')
    .where('c.email', 'is not', null)
    .where(sql<SqlBool>`not exists (select 1 from contact_consents w where w.workspace_id = ${workspaceId} and w.contact_id = m.contact_id
      and w.channel = 'email' and coalesce(w.list_id, 0) = 0 and w.status = 'withdrawn')`);
  if (o.contactIds) q = q.where('m.contact_id', 'in', o.contactIds);
  if (o.segmentId !== undefined) {
    if (!o.actor) throw new Error('eligibleRecipients: a segment needs the actor sending');
    requirePermission(o.actor, 'segments:read');
    q = q.where('m.contact_id', 'in', await segmentContactIds({ ctx, actor: o.actor, segmentId: o.segmentId }));
  }
  if (o.afterContactId) q = q.where('m.contact_id', '>', o.afterContactId);
  const rows = await q.orderBy('m.contact_id').limit(limit).execute();
  const sendable = rows.filter((r) => isSendableEmail(r.email)).map((r) => ({ contactId: r.id, email: r.email!, hash: emailHash(ctx.secret, r.email!) }));
  const suppressed = await suppressedHashes(ctx.db, workspaceId, sendable.map((r) => r.hash));
  const recipients = sendable.filter((r) => !suppressed.has(r.hash)).map(({ contactId, email }) => ({ contactId, email }));
  // `next`: where the following call starts (a page may shrink to nothing after the filters).
  return { recipients, next: rows.length === limit ? rows[rows.length - 1].id : null };
}
