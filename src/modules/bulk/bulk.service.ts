import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { can, requirePermission, type Actor, type Permission } from '../auth/permissions.js';
import { existingIds } from '../contacts/contacts.repo.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import { exportContactsCsv } from '../exports/exports.service.js';
import { deleteList as deleteListRow } from '../lists/lists.repo.js';
import { createList, loadList, type ListOut } from '../lists/lists.service.js';
import { rawExecutorOf } from '../notifications/notifications.repo.js';
import { segmentContactIds } from '../segments/segment-contacts.js';
import { findSegment } from '../segments/segments.repo.js';
import { BULK_QUEUE, runInline, type BulkResult } from './bulk-run.js';
import * as repo from './bulk.repo.js';
import { MAX_SELECTION, type BulkAction, type BulkActionType, type SegmentToListInput, type Selection, type StartBulkInput } from './bulk.schema.js';

/** Up to this many contacts an operation runs in the request; above it, as a job with progress. */
export const INLINE_MAX = 500;

/** What each action needs beyond reading contacts. */
const NEEDS: Record<BulkActionType, Permission[]> = {
  tag: ['contacts:write'],
  untag: ['contacts:write'],
  assignOwner: ['contacts:write'],
  addToList: ['lists:write'],
  removeFromList: ['lists:write'],
  addToSegment: ['segments:write'],
  export: ['exports:run'],
  delete: ['contacts:delete'],
};

export function presentOperation(r: repo.OperationRow) {
  return {
    id: r.id, action: r.action, params: r.params, status: r.status, total: r.total, processed: r.processed,
    result: r.result as BulkResult, undoUntil: r.undo_until, error: r.error, createdAt: r.created_at, finishedAt: r.finished_at,
  };
}
export type BulkOperationOut = ReturnType<typeof presentOperation>;

/** Checks the action's targets before anything is written: each missing one is a 400 naming it. */
async function checkTargets(ctx: AppContext, actor: Actor, action: BulkAction) {
  if (action.type === 'assignOwner' && action.ownerId && !(await existingIds(ctx.db, 'users', actor.workspaceId, [action.ownerId])).size) {
    throw AppError.invalid({ path: 'action.ownerId', message: `user ${action.ownerId} does not exist in this workspace` });
  }
  if (action.type === 'addToList' || action.type === 'removeFromList') {
    const list = await loadList(ctx.db, actor, action.listId).catch(() => {
      throw AppError.invalid({ path: 'action.listId', message: `list ${action.listId} does not exist in this workspace` });
    });
    if (action.type === 'addToList' && list.purpose === 'marketing' && !action.consent) {
      throw AppError.invalid({ path: 'action.consent', message: 'subscribing to a marketing list needs consent: give its source, lawfulBasis and proof' });
    }
  }
  if (action.type === 'addToSegment') {
    const seg = await findSegment(ctx.db, actor.workspaceId, action.segmentId);
    if (!seg) throw AppError.invalid({ path: 'action.segmentId', message: `segment ${action.segmentId} does not exist in this workspace` });
    if (seg.kind !== 'static') throw AppError.invalid({ path: 'action.segmentId', message: 'only a static segment takes members; a dynamic one is defined by its conditions' });
  }
}

async function selectionOf(ctx: AppContext, actor: Actor, selection: Selection) {
  const query = selection.mode === 'query' ? selection.query : undefined;
  const customFilter = query?.filters.some((f) => f.field.startsWith('custom.'));
  return repo.selectionQuery(ctx.db, {
    workspaceId: actor.workspaceId,
    ids: selection.mode === 'ids' ? selection.ids : undefined,
    query,
    searchNotes: can(actor, 'notes:read'),
    defs: customFilter ? await listFieldDefinitions(ctx.db, actor.workspaceId, 'contact') : [],
    segment: query?.segmentId ? await segmentContactIds({ ctx, actor, segmentId: query.segmentId }) : undefined,
  });
}

/**
 * Starts a bulk operation on contacts: the selection is frozen as ids, then a small one runs at
 * once in one transaction and a large one is queued (GET the operation for its progress). Either
 * way the operation leaves one audit entry. A selection over MAX_SELECTION is refused whole.
 */
export async function startBulkOperation(options: { ctx: AppContext; actor: Actor; input: StartBulkInput; allowEmpty?: boolean }): Promise<BulkOperationOut> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'contacts:read');
  for (const p of NEEDS[input.action.type]) requirePermission(actor, p);
  await checkTargets(ctx, actor, input.action);
  const selection = await selectionOf(ctx, actor, input.selection);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const op = await repo.insertOperation(trx, {
      workspaceId: actor.workspaceId, actor, action: input.action.type, params: input.action, status: 'queued', selection, limit: MAX_SELECTION + 1,
    });
    if (op.total > MAX_SELECTION) {
      throw AppError.invalid({ path: 'selection', message: `matches more than ${MAX_SELECTION.toLocaleString('en')} contacts; narrow the filter or run it in parts` });
    }
    if (op.total === 0 && !options.allowEmpty) throw AppError.invalid({ path: 'selection', message: 'selects no contacts' });
    if (op.total <= INLINE_MAX) await runInline(ctx, trx, actor, { id: op.id, action: input.action, total: op.total });
    else await ctx.queue.send(BULK_QUEUE, { workspaceId: actor.workspaceId, operationId: op.id }, { singletonKey: `bulk-${op.id}`, db: rawExecutorOf(trx) });
    return op.id;
  });
  return presentOperation((await repo.findOperation(ctx.db, actor.workspaceId, id))!);
}

export async function getBulkOperation(options: { ctx: AppContext; actor: Actor; id: number }): Promise<BulkOperationOut> {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'contacts:read');
  const op = await repo.findOperation(ctx.db, actor.workspaceId, id);
  if (!op) throw AppError.notFound('Bulk operation');
  return presentOperation(op);
}

/** Brings back the contacts of a bulk delete while its undo window is open. */
export async function undoBulkDelete(options: { ctx: AppContext; actor: Actor; id: number }): Promise<BulkOperationOut> {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'contacts:delete');
  await ctx.db.transaction().execute(async (trx) => {
    const op = await repo.findOperation(trx, actor.workspaceId, id, true);
    if (!op) throw AppError.notFound('Bulk operation');
    if (op.status !== 'undoable' || !op.undo_until || op.undo_until.getTime() <= Date.now()) {
      throw AppError.conflict('this operation can no longer be undone');
    }
    let restored = 0;
    for (let from = 0; from < op.total; from += 10_000) restored += await repo.markDeleted(trx, actor.workspaceId, await repo.operationIds(trx, actor.workspaceId, id, from, 10_000), null);
    await repo.updateOperation(trx, actor.workspaceId, id, { status: 'undone', undo_until: null, result: { ...op.result, restored } });
    await insertAudit(trx, actor, { entity: 'bulk_operation', entityId: id, action: 'bulk_undo', after: { restored } });
  });
  return getBulkOperation(options);
}

/** "Turn a segment into a list": one operation adding every contact of the segment (to a new list if named). */
export async function segmentToList(options: { ctx: AppContext; actor: Actor; input: SegmentToListInput }): Promise<BulkOperationOut & { listId: number }> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'segments:read');
  requirePermission(actor, 'lists:write');
  if (input.name && !input.consent) {
    throw AppError.invalid({ path: 'consent', message: 'subscribing to a marketing list needs consent: give its source, lawfulBasis and proof' });
  }
  if (!(await findSegment(ctx.db, actor.workspaceId, input.segmentId))) throw AppError.invalid({ path: 'segmentId', message: `segment ${input.segmentId} does not exist in this workspace` });
  const created = input.listId ? null : await createList({ ctx, actor, input: { name: input.name!, purpose: 'marketing', optInMode: 'single', description: null, publicName: null, publicDescription: null, senderName: null } });
  const listId = input.listId ?? created!.id;
  try {
    const op = await startBulkOperation({
      ctx, actor, input: { selection: { mode: 'query', query: { segmentId: input.segmentId, filters: [] } }, action: { type: 'addToList', listId, consent: input.consent } }, allowEmpty: true,
    });
    return { ...op, listId };
  } catch (err) {
    // The list exists only for this action: a refused operation (too many contacts, a condition
    // the actor may not read) must not leave an empty list behind.
    if (created) await discardList(ctx, actor, created);
    throw err;
  }
}

async function discardList(ctx: AppContext, actor: Actor, list: ListOut) {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteListRow(trx, actor.workspaceId, list.id);
    await insertAudit(trx, actor, { entity: 'list', entityId: list.id, action: 'delete', before: list });
  });
}

/** The CSV of an export operation's contacts, with the columns of the contacts export. */
export async function exportBulkOperation(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'exports:run');
  const op = await getBulkOperation(options);
  if (op.action !== 'export') throw AppError.invalid({ path: 'id', message: 'is not an export operation' });
  return exportContactsCsv({ ctx, actor, query: { sort: 'name', order: 'asc', filters: [] }, only: repo.operationContacts(ctx.db, actor.workspaceId, id) });
}
