import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { insertTimelineEvents, reassignContactEvents } from '../timeline/timeline.repo.js';
import { presentContact } from './contact-write.js';
import * as mergeRepo from './contacts-merge.repo.js';
import * as repo from './contacts.repo.js';
import type { MergePick } from './contacts.schema.js';
import { mergedValues, secondaries } from './merge-values.js';
import { normalizeEmail, normalizePhone } from './normalize.js';

/**
 * Modules that keep rows pointing at contacts (deals, tickets, consents…) register here, so a
 * merge moves their rows to the survivor before the duplicate is removed.
 */
export type ContactMergeHook = (db: Executor, workspaceId: number, fromId: number, toId: number) => Promise<void>;
export const contactMergeHooks: ContactMergeHook[] = [repo.moveNotes, async (db, ws, from, to) => void (await reassignContactEvents(db, ws, from, to))];

/**
 * The survivor takes each field's picked value (by default its own, filling blanks from the
 * duplicate) and the duplicate's history; every email and phone that is not the new primary is
 * kept as a secondary address. One transaction, with the timeline event and the audit entry.
 */
export async function mergeContacts(options: { ctx: AppContext; actor: Actor; survivorId: number; duplicateId: number; pick?: MergePick }) {
  const { ctx, actor, survivorId, duplicateId } = options;
  requirePermission(actor, 'contacts:write');
  requirePermission(actor, 'contacts:delete');
  if (survivorId === duplicateId) throw AppError.invalid({ path: 'duplicateId', message: 'cannot merge a contact into itself' });
  return ctx.db.transaction().execute((trx) => mergeContactRows(trx, { actor, survivorId, duplicateId, pick: options.pick }));
}

/**
 * The merge itself, inside the caller's transaction and without a permission check: for
 * mergeContacts above and for identity resolution (two identities found to be one person).
 */
export async function mergeContactRows(trx: Executor, options: { actor: Actor; survivorId: number; duplicateId: number; pick?: MergePick }) {
  const { actor, survivorId, duplicateId } = options;
  // Lock both rows in id order so two merges of the same pair cannot deadlock.
  for (const id of [survivorId, duplicateId].sort((a, b) => a - b)) await repo.lockContact(trx, actor.workspaceId, id);
  const survivor = await repo.findContact(trx, actor.workspaceId, survivorId);
  if (!survivor) throw AppError.notFound('Contact');
  const duplicate = await repo.findContact(trx, actor.workspaceId, duplicateId);
  if (!duplicate) throw AppError.invalid({ path: 'duplicateId', message: `contact ${duplicateId} does not exist in this workspace` });
  const ws = actor.workspaceId;
  const [emails, phones] = [[] as Awaited<ReturnType<typeof mergeRepo.listSecondaryEmails>>, [] as Awaited<ReturnType<typeof mergeRepo.listSecondaryPhones>>];
  for (const id of [survivorId, duplicateId]) {
    emails.push(...(await mergeRepo.listSecondaryEmails(trx, ws, id)));
    phones.push(...(await mergeRepo.listSecondaryPhones(trx, ws, id)));
  }

  for (const hook of contactMergeHooks) await hook(trx, ws, duplicateId, survivorId);
  await repo.deleteContact(trx, ws, duplicateId);
  const v = mergedValues(survivor, duplicate, options.pick ?? {});
  await repo.updateContact(trx, ws, survivorId, {
    ...v, first_name: v.first_name ?? '', last_name: v.last_name ?? '',
    email_normalized: normalizeEmail(v.email), phone_normalized: normalizePhone(v.phone),
    tags: [...new Set([...survivor.tags, ...duplicate.tags])],
  });
  const { mails, tels } = secondaries([survivor, duplicate], emails, phones, v);
  await mergeRepo.dropSecondaries(trx, ws, survivorId, normalizeEmail(v.email), normalizePhone(v.phone));
  await mergeRepo.addSecondaryEmails(trx, ws, survivorId, mails);
  await mergeRepo.addSecondaryPhones(trx, ws, survivorId, tels);
  await mergeRepo.refreshContactSearch(trx, ws, survivorId);
  const after = presentContact((await repo.findContact(trx, ws, survivorId))!);
  await insertTimelineEvents(trx, [{
    workspaceId: ws, contactId: survivorId, kind: 'merged', actorUserId: actor.userId,
    data: { mergedContactId: duplicateId, mergedName: duplicate.full_name, mergedEmail: duplicate.email },
  }]);
  await insertAudit(trx, actor, { entity: 'contact', entityId: survivorId, action: 'merge', before: { survivor: presentContact(survivor), duplicate: presentContact(duplicate) }, after: { ...after, pick: options.pick ?? {} } });
  return { ...after, secondaryEmails: mails.map((m) => m.email), secondaryPhones: tels.map((t) => t.phone) };
}
