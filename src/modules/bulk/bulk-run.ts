import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import { loadList } from '../lists/lists.service.js';
import { applyMembership, type ConsentEvidence } from '../lists/membership.js';
import { rawExecutorOf } from '../notifications/notifications.repo.js';
import * as repo from './bulk.repo.js';
import type { BulkAction } from './bulk.schema.js';

export const BULK_QUEUE = 'contacts-bulk';
/** A job batch: large enough that per-statement costs vanish, small enough that progress moves every second or so. */
export const BATCH = 2000;
/** How long a bulk delete can be undone before the contacts are purged. */
export const UNDO_SECONDS = 30;

export type BulkResult = Record<string, number>;

const sum = (a: BulkResult, b: BulkResult): BulkResult => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
};

function evidenceOf(action: Extract<BulkAction, { type: 'addToList' }>, actor: Actor): ConsentEvidence {
  const c = action.consent;
  return c ? { source: c.source, lawfulBasis: c.lawfulBasis, proof: c.proof, textShown: c.textShown ?? null } : { source: actor.apiKeyId ? 'api' : 'admin' };
}

/** Applies the action to one slice of the selection, inside the caller's transaction. */
async function applyBatch(ctx: AppContext, trx: Executor, actor: Actor, action: BulkAction, ids: number[], at: Date): Promise<BulkResult> {
  const ws = actor.workspaceId;
  switch (action.type) {
    case 'tag':
      return { changed: await repo.tagContacts(trx, ws, ids, action.tags, actor.userId) };
    case 'untag':
      return { changed: await repo.untagContacts(trx, ws, ids, action.tags, actor.userId) };
    case 'assignOwner':
      return { changed: await repo.assignOwner(trx, ws, ids, action.ownerId, actor.userId) };
    case 'addToSegment':
      return { changed: await repo.addToStaticSegment(trx, ws, action.segmentId, ids) };
    case 'delete':
      return { changed: await repo.markDeleted(trx, ws, ids, at) };
    case 'export':
      return { changed: ids.length };
    case 'addToList':
    case 'removeFromList': {
      // Through the one membership writer: its consent, suppression and double opt-in rules hold here too.
      const list = await loadList(trx, actor, action.listId, true);
      const target = action.type === 'addToList' ? 'subscribed' : 'unsubscribed';
      const evidence = action.type === 'addToList' ? evidenceOf(action, actor) : { source: actor.apiKeyId ? 'api' : 'admin' } as ConsentEvidence;
      const r = await applyMembership(trx, { ctx, list, contactIds: ids, target, evidence, actor, audit: false });
      return { changed: r.added + r.pending + r.unsubscribed, added: r.added, pending: r.pending, skipped: r.skipped, suppressed: r.suppressed, unsubscribed: r.unsubscribed };
    }
  }
}

/** The one audit entry of an operation, written with its last batch. */
async function finish(ctx: AppContext, trx: Executor, actor: Actor, op: { id: number; action: BulkAction; total: number }, result: BulkResult) {
  const ws = actor.workspaceId;
  const undoable = op.action.type === 'delete';
  const undoUntil = undoable ? new Date(Date.now() + UNDO_SECONDS * 1000) : null;
  await repo.updateOperation(trx, ws, op.id, { status: undoable ? 'undoable' : 'done', processed: op.total, result, undo_until: undoUntil, finished: true });
  await insertAudit(trx, actor, { entity: 'bulk_operation', entityId: op.id, action: `bulk_${op.action.type}`, after: { ...op.action, total: op.total, result } });
  if (undoUntil) await ctx.queue.send(BULK_QUEUE, { workspaceId: ws, operationId: op.id, purge: true }, { startAfter: undoUntil, db: rawExecutorOf(trx) });
}

/** A small selection: every batch and the audit entry in the caller's one transaction. */
export async function runInline(ctx: AppContext, trx: Executor, actor: Actor, op: { id: number; action: BulkAction; total: number }): Promise<BulkResult> {
  let result: BulkResult = { changed: 0 };
  const at = new Date();
  for (let from = 0; from < op.total; from += BATCH) {
    result = sum(result, await applyBatch(ctx, trx, actor, op.action, await repo.operationIds(trx, actor.workspaceId, op.id, from, BATCH), at));
  }
  await finish(ctx, trx, actor, op, result);
  return result;
}

/**
 * A large selection, from the job: one transaction per batch, each recording how far it got, so
 * a retried job resumes after the last committed batch and a batch is never applied twice.
 */
export async function runQueued(ctx: AppContext, workspaceId: number, id: number, signal?: AbortSignal): Promise<void> {
  const first = await repo.findOperation(ctx.db, workspaceId, id);
  if (!first || (first.status !== 'queued' && first.status !== 'running')) return;
  const actor = first.actor as unknown as Actor;
  const action = first.params as unknown as BulkAction;
  const at = first.created_at;
  for (;;) {
    if (signal?.aborted) throw new Error('bulk operation interrupted; it resumes from its last batch');
    const done = await ctx.db.transaction().execute(async (trx) => {
      const op = (await repo.findOperation(trx, workspaceId, id, true))!;
      const ids = await repo.operationIds(trx, workspaceId, id, op.processed, BATCH);
      const result = sum(op.result as BulkResult, ids.length ? await applyBatch(ctx, trx, actor, action, ids, at) : {});
      if (op.processed + ids.length >= op.total) {
        await finish(ctx, trx, actor, { id, action, total: op.total }, result);
        return true;
      }
      await repo.updateOperation(trx, workspaceId, id, { status: 'running', processed: op.processed + ids.length, result });
      return false;
    });
    if (done) return;
  }
}

/** The purge at the end of a delete's undo window (a no-op if it was undone meanwhile). */
export async function purgeDeleted(ctx: AppContext, workspaceId: number, id: number): Promise<void> {
  const op = await repo.findOperation(ctx.db, workspaceId, id);
  if (!op || op.status !== 'undoable') return;
  if (op.undo_until && op.undo_until.getTime() > Date.now()) throw AppError.conflict('the undo window is still open');
  const actor = op.actor as unknown as Actor;
  for (let from = 0; from < op.total; from += BATCH) {
    await ctx.db.transaction().execute(async (trx) => {
      const ids = await repo.operationIds(trx, workspaceId, id, from, BATCH);
      await repo.purgeContacts(trx, workspaceId, ids, actor.userId);
    });
  }
  await repo.updateOperation(ctx.db, workspaceId, id, { status: 'done' });
}
