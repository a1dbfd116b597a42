import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { insertTimelineEvents, reassignContactEvents } from '../timeline/timeline.repo.js';
import { presentContact } from './contact-write.js';
import * as repo from './contacts.repo.js';
import { normalizeEmail, normalizePhone } from './normalize.js';

/**
 * Modules that keep rows pointing at contacts (deals, tickets, consents…) register here, so a
 * merge moves their rows to the survivor before the duplicate is removed.
 */
export type ContactMergeHook = (db: Executor, workspaceId: number, fromId: number, toId: number) => Promise<void>;
export const contactMergeHooks: ContactMergeHook[] = [repo.moveNotes, async (db, ws, from, to) => void (await reassignContactEvents(db, ws, from, to))];

export async function findDuplicateContacts(options: { ctx: AppContext; actor: Actor; limit?: number }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'contacts:read');
  const groups = await repo.findDuplicateGroups(ctx.db, actor.workspaceId, options.limit ?? 100);
  const contacts = await repo.findContactsByIds(ctx.db, actor.workspaceId, [...new Set(groups.flatMap((g) => g.ids))]);
  const byId = new Map(contacts.map((c) => [c.id, presentContact(c)]));
  return { data: groups.map((g) => ({ reason: g.reason, key: g.key, contacts: g.ids.map((id) => byId.get(id)!).filter(Boolean) })) };
}

/** The survivor keeps its own values, fills its blanks from the duplicate, and takes over its history. */
export async function mergeContacts(options: { ctx: AppContext; actor: Actor; survivorId: number; duplicateId: number }) {
  const { ctx, actor, survivorId, duplicateId } = options;
  requirePermission(actor, 'contacts:write');
  requirePermission(actor, 'contacts:delete');
  if (survivorId === duplicateId) throw AppError.invalid({ path: 'duplicateId', message: 'cannot merge a contact into itself' });
  return ctx.db.transaction().execute(async (trx) => {
    // Lock both rows in id order so two merges of the same pair cannot deadlock.
    for (const id of [survivorId, duplicateId].sort((a, b) => a - b)) await repo.lockContact(trx, actor.workspaceId, id);
    const survivor = await repo.findContact(trx, actor.workspaceId, survivorId);
    if (!survivor) throw AppError.notFound('Contact');
    const duplicate = await repo.findContact(trx, actor.workspaceId, duplicateId);
    if (!duplicate) throw AppError.invalid({ path: 'duplicateId', message: `contact ${duplicateId} does not exist in this workspace` });

    for (const hook of contactMergeHooks) await hook(trx, actor.workspaceId, duplicateId, survivorId);
    await repo.deleteContact(trx, actor.workspaceId, duplicateId);
    const pick = <T>(a: T | null, b: T | null) => (a === null || a === '' ? b : a);
    const email = pick(survivor.email, duplicate.email);
    await repo.updateContact(trx, actor.workspaceId, survivorId, {
      first_name: pick(survivor.first_name, duplicate.first_name) ?? '',
      last_name: pick(survivor.last_name, duplicate.last_name) ?? '',
      email,
      email_normalized: email === survivor.email ? undefined : normalizeEmail(email),
      phone: pick(survivor.phone, duplicate.phone),
      phone_normalized: survivor.phone ? undefined : normalizePhone(duplicate.phone),
      job_title: pick(survivor.job_title, duplicate.job_title),
      birthday: pick(survivor.birthday, duplicate.birthday),
      company_id: pick(survivor.company_id, duplicate.company_id),
      owner_id: pick(survivor.owner_id, duplicate.owner_id),
      tags: [...new Set([...survivor.tags, ...duplicate.tags])],
      custom: { ...duplicate.custom, ...survivor.custom },
    });
    const after = presentContact((await repo.findContact(trx, actor.workspaceId, survivorId))!);
    await insertTimelineEvents(trx, [{
      workspaceId: actor.workspaceId, contactId: survivorId, kind: 'merged', actorUserId: actor.userId,
      data: { mergedContactId: duplicateId, mergedName: duplicate.full_name, mergedEmail: duplicate.email },
    }]);
    await insertAudit(trx, actor, { entity: 'contact', entityId: survivorId, action: 'merge', before: { survivor: presentContact(survivor), duplicate: presentContact(duplicate) }, after });
    return after;
  });
}
