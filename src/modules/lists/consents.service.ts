import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { lockContact } from '../contacts/contacts.repo.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { toCsv } from '../reports/reports.csv.js';
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
    userAgent: r.user_agent, formId: r.form_id, lawfulBasis: r.lawful_basis, proof: r.proof, actorLabel: r.actor_label,
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
      lawfulBasis: input.lawfulBasis ?? null, proof: input.proof ?? null, actorLabel: actor.label,
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

const CSV_COLUMNS = ['id', 'recorded_at', 'list_id', 'channel', 'status', 'source', 'lawful_basis', 'proof', 'text_shown', 'form_id', 'ip', 'user_agent', 'actor'];

/** The whole ledger of a contact as CSV, oldest first: the proof of consent an owner hands over (GDPR Art. 7(1)). */
export async function exportConsentsCsv(options: { ctx: AppContext; actor: Actor; contactId: number }): Promise<string> {
  const { ctx, actor, contactId } = options;
  requirePermission(actor, 'lists:read');
  requirePermission(actor, 'contacts:read');
  requirePermission(actor, 'exports:run');
  if (!(await repo.existingContactIds(ctx.db, actor.workspaceId, [contactId])).size) throw AppError.notFound('Contact');
  const rows = await repo.allConsentEvents(ctx.db, actor.workspaceId, contactId);
  await insertAudit(ctx.db, actor, { entity: 'contact', entityId: contactId, action: 'export_consents', after: { rows: rows.length } });
  return toCsv(CSV_COLUMNS, rows.map((r) => [r.id, r.recorded_at, r.list_id, r.channel, r.status, r.source, r.lawful_basis, r.proof, r.text_shown, r.form_id, r.ip, r.user_agent, r.actor_label]));
}
