import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { rawExecutorOf } from '../notifications/notifications.repo.js';
import * as bulkRepo from './ticket-bulk.repo.js';
import { BULK_MAX, type BulkTicketAction, type BulkTicketsInput } from './ticket-bulk.schema.js';
import { applyTicketChange, checkAssignee } from './ticket-change.js';
import * as repo from './tickets.repo.js';
import type { UpdateTicketInput } from './tickets.schema.js';

export const TICKETS_BULK_QUEUE = 'tickets-bulk';
/** Up to this many tickets an action runs in the request; above it, as a job with progress. */
export const BULK_INLINE_MAX = 200;

export interface BulkOutcome {
  changed: number;
  unchanged: number;
  skipped: number;
}

type OperationRow = NonNullable<Awaited<ReturnType<typeof bulkRepo.findOperation>>>;
export const presentOperation = (o: OperationRow) => ({
  id: o.id, action: o.action, status: o.status, total: o.total, processed: o.processed, result: o.result, error: o.error, createdAt: o.created_at, finishedAt: o.finished_at,
});

/** What the action changes on one ticket; null when it already is so. */
function changeFor(t: repo.TicketRow, action: Exclude<BulkTicketAction, { type: 'merge' }>): UpdateTicketInput | null {
  switch (action.type) {
    case 'assign': return t.assignee_id === action.assigneeId ? null : { assigneeId: action.assigneeId };
    case 'status': return t.status === action.status ? null : { status: action.status };
    case 'priority': return t.priority === action.priority ? null : { priority: action.priority };
    case 'tag': {
      const tags = [...new Set([...t.tags, ...action.tags])];
      return tags.length === t.tags.length ? null : { tags: tags.slice(0, 30) };
    }
    case 'untag': {
      const tags = t.tags.filter((x) => !action.tags.includes(x));
      return tags.length === t.tags.length ? null : { tags };
    }
  }
}

/** Applies the action to `ids` (ascending, so concurrent bulk actions lock in one order). */
export async function applyBulk(ctx: AppContext, trx: Executor, actor: Actor, ids: number[], action: BulkTicketAction): Promise<BulkOutcome> {
  const out: BulkOutcome = { changed: 0, unchanged: 0, skipped: 0 };
  if (action.type === 'merge') return out;
  for (const id of [...ids].sort((a, b) => a - b)) {
    const locked = await repo.lockTicket(trx, actor.workspaceId, id);
    const t = locked ? await repo.findTicket(trx, actor.workspaceId, id) : undefined;
    // Deleted or merged since it was selected.
    if (!t || t.merged_into_id) { out.skipped++; continue; }
    const change = changeFor(t, action);
    if (!change) { out.unchanged++; continue; }
    await applyTicketChange(ctx, trx, actor, t, change);
    out.changed++;
  }
  return out;
}

/**
 * One bulk action over tickets named by id or by a view's filter, recorded as one operation and
 * one audit entry. Small selections run in the request; larger ones as a job whose progress
 * GET /tickets/bulk/{id} shows. Merging is refused: it is decided one pair at a time.
 */
export async function bulkUpdateTickets(options: { ctx: AppContext; actor: Actor; input: BulkTicketsInput }) {
  const { ctx, actor, input } = options;
  const { action } = input;
  requirePermission(actor, 'tickets:write');
  if (action.type === 'merge') throw AppError.invalid({ path: 'action.type', message: 'tickets are merged one at a time (POST /tickets/{id}/merge), after reading both conversations' });
  if (action.type === 'assign') await checkAssignee(ctx.db, actor, action.assigneeId, 'action.assigneeId');
  const ws = actor.workspaceId;
  const ids = input.ids
    ? await repo.existingTicketIds(ctx.db, ws, [...new Set(input.ids)])
    : await repo.selectTicketIds(ctx.db, { workspaceId: ws, userId: actor.userId, ...input.filter!, view: input.filter!.view }, BULK_MAX + 1);
  if (ids.length > BULK_MAX) throw AppError.invalid({ path: 'filter', message: `the filter selects more than ${BULK_MAX} tickets; narrow it` });
  const missing = input.ids ? new Set(input.ids).size - ids.length : 0;
  const inline = ids.length <= BULK_INLINE_MAX;
  const operationId = await ctx.db.transaction().execute(async (trx) => {
    const id = await bulkRepo.insertOperation(trx, { workspaceId: ws, actor, action, ids, status: inline ? 'running' : 'queued' });
    await insertAudit(trx, actor, { entity: 'ticket_bulk', entityId: id, action: 'update', after: { action, ticketIds: ids } });
    if (inline) {
      const out = await applyBulk(ctx, trx, actor, ids, action);
      await bulkRepo.saveProgress(trx, id, { processed: ids.length, status: 'done', result: { ...out, skipped: out.skipped + missing } });
    } else {
      await bulkRepo.saveProgress(trx, id, { processed: 0, status: 'queued', result: { changed: 0, unchanged: 0, skipped: missing } });
      await ctx.queue.send(TICKETS_BULK_QUEUE, { operationId: id }, { db: rawExecutorOf(trx), singletonKey: `tickets-bulk:${id}` });
    }
    return id;
  });
  return presentOperation((await bulkRepo.findOperation(ctx.db, ws, operationId))!);
}

export async function getBulkOperation(options: { ctx: AppContext; actor: Actor; id: number }) {
  requirePermission(options.actor, 'tickets:write');
  const row = await bulkRepo.findOperation(options.ctx.db, options.actor.workspaceId, options.id);
  if (!row) throw AppError.notFound('Bulk operation');
  return presentOperation(row);
}
