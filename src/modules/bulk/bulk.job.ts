import type { AppContext } from '../../context.js';
import type { RunningJob } from '../../jobs/queue.js';
import { AppError } from '../../lib/app-error.js';
import { BULK_QUEUE, purgeDeleted, runQueued } from './bulk-run.js';
import * as repo from './bulk.repo.js';

export interface BulkJobData {
  workspaceId: number;
  operationId: number;
  /** The end of a delete's undo window: purge what is still hidden. */
  purge?: boolean;
}

/**
 * Runs a queued bulk operation, or purges a bulk delete whose undo window closed. A refusal (the
 * list was deleted meanwhile) fails the same way every time, so it ends the operation as failed;
 * any other error is recorded for the progress screen and thrown for pg-boss to retry, and the
 * retry resumes after the last committed batch.
 */
export async function handleBulkJob(ctx: AppContext, data: BulkJobData, job?: RunningJob): Promise<void> {
  if (data.purge) return purgeDeleted(ctx, data.workspaceId, data.operationId);
  try {
    await runQueued(ctx, data.workspaceId, data.operationId, job?.signal);
  } catch (err) {
    const message = (err as Error).message;
    ctx.log.warn({ operationId: data.operationId, err: message }, 'bulk operation batch failed');
    if (err instanceof AppError) {
      await repo.updateOperation(ctx.db, data.workspaceId, data.operationId, { status: 'failed', error: message, finished: true });
      return;
    }
    await repo.updateOperation(ctx.db, data.workspaceId, data.operationId, { error: message });
    throw err;
  }
}

export function registerBulkWorker(ctx: AppContext) {
  return ctx.queue.work<BulkJobData>(BULK_QUEUE, (data, job) => handleBulkJob(ctx, data, job));
}
