import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { lockContact } from '../contacts/contacts.repo.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import * as repo from './lists.repo.js';
import type { RecordConsentInput } from './lists.schema.js';

/**
 * The consent ledger (PRODUCT.md §4): every grant, withdrawal or pending opt-in is appended with
 * how it was given (source, IP, the text shown), and the contact's current state per channel and
 * list is updated in the same transaction, so the send path and segments read one small row.
 */
export function presentConsentEvent(r: repo.ConsentEventRow) {
  return {
    id: r.id, contactId: r.contact_id, channel: r.channel, listId: r.list_id, status: r.status, source: r.source,
    ip: r.ip, textShown: r.text_shown, recordedAt: r.recorded_at, actorUserId: r.actor_user_id,
  };
}

const KIND = { granted: 'consent_granted', withdrawn: 'consent_withdrawn' } as const;

export async function recordConsent(options: { ctx: AppContext; actor: Actor; contactId: number; input: RecordConsentInput }) {
  const { ctx, actor, contactId, input } = options;
  requirePermission(actor, 'lists:write');
  return ctx.db.transaction().execute(async (trx) => {
    // The lock orders concurrent records for one contact, so the current state is the newest row.
    if (!(await lockContact(trx, actor.workspaceId, contactId))) throw AppError.notFound('Contact');
    const list = input.listId === undefined ? null : await repo.findList(trx, actor.workspaceId, input.listId);
    if (input.listId !== undefined && !list) throw AppError.invalid({ path: 'listId', message: `list ${input.listId} does not exist in this workspace` });
    const row = await repo.recordConsent(trx, actor.workspaceId, {
      contactId, listId: input.listId ?? null, status: input.status, source: input.source,
      ip: input.ip ?? null, textShown: input.textShown ?? null, actorUserId: actor.userId,
    });
    const out = presentConsentEvent(row);
    // Pending (a double opt-in awaiting confirmation) is in the ledger but not yet a timeline event.
    if (input.status !== 'pending') {
      await insertTimelineEvents(trx, [{
        workspaceId: actor.workspaceId, contactId, kind: KIND[input.status], actorUserId: actor.userId,
        data: { channel: 'email', listId: out.listId, listName: list?.name ?? null, source: input.source },
      }]);
    }
    await insertAudit(trx, actor, { entity: 'consent', entityId: row.id, action: 'create', after: out });
    return out;
  });
}

/** The ledger, newest first, and the current state per channel and list. */
export async function listConsents(options: { ctx: AppContext; actor: Actor; contactId: number; limit: number; cursor?: string }) {
  const { ctx, actor, contactId, limit } = options;
  requirePermission(actor, 'lists:read');
  requirePermission(actor, 'contacts:read');
  const before = decodeIdCursor(options.cursor);
  if (!(await repo.existingContactIds(ctx.db, actor.workspaceId, [contactId])).size) throw AppError.notFound('Contact');
  const rows = await repo.consentEventsPage(ctx.db, actor.workspaceId, contactId, before, limit);
  const page = pageOf(rows.map(presentConsentEvent), limit, (e) => [e.id]);
  const current = (await repo.currentConsents(ctx.db, actor.workspaceId, contactId)).map((c) => ({ channel: c.channel, listId: c.list_id, status: c.status, updatedAt: c.updated_at }));
  return { ...page, current };
}
