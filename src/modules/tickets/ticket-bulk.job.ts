import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/permissions.js';
import * as bulkRepo from './ticket-bulk.repo.js';
import type { BulkTicketAction } from './ticket-bulk.schema.js';
import { applyBulk, TICKETS_BULK_QUEUE, type BulkOutcome } from './ticket-bulk.service.js';

const SLICE = 100;

/**
 * Runs a queued bulk operation a slice at a time, each slice and its progress in one transaction:
 * a retried job resumes after the last slice that committed, and never applies one twice.
 */
export async function runTicketBulk(ctx: AppContext, job: { operationId: number }): Promise<void> {
  for (;;) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const op = await bulkRepo.nextSlice(trx, job.operationId, SLICE);
      if (!op || op.status === 'done' || op.status === 'failed') return true;
      const before = op.result as Partial<BulkOutcome>;
      const out = await applyBulk(ctx, trx, op.actor as unknown as Actor, op.slice, op.action as unknown as BulkTicketAction);
      const processed = op.processed + op.slice.length;
      const result = { changed: (before.changed ?? 0) + out.changed, unchanged: (before.unchanged ?? 0) + out.unchanged, skipped: (before.skipped ?? 0) + out.skipped };
      await bulkRepo.saveProgress(trx, job.operationId, { processed, status: processed >= op.total ? 'done' : 'running', result });
      return processed >= op.total;
    });
    if (done) return;
  }
}

export async function registerTicketBulkWorker(ctx: AppContext): Promise<void> {
  await ctx.queue.work<{ operationId: number }>(TICKETS_BULK_QUEUE, (job) => runTicketBulk(ctx, job));
}
