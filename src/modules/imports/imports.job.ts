import { CsvError } from 'csv-parse';
import type { AppContext } from '../../context.js';
import type { RunningJob } from '../../jobs/queue.js';
import { AppError } from '../../lib/app-error.js';
import { IMPORT_QUEUE } from './imports.service.js';
import { runImport } from './run-import.js';

export interface ImportJobData {
  importId: number;
}

/**
 * A broken file or a refused start will fail the same way every time, so those end the job; any
 * other error (database gone, process stopping, lease lost) is thrown for pg-boss to retry, and
 * the retry resumes from the last committed batch. So does a job retried after its worker was
 * killed: running it again is always safe (the checkpoint guard refuses a second writer).
 */
export async function handleImportJob(ctx: AppContext, data: ImportJobData, job?: RunningJob): Promise<void> {
  try {
    await runImport({ ctx, importId: data.importId, signal: job?.signal });
  } catch (err) {
    if (err instanceof CsvError || (err instanceof AppError && err.code !== 'CONFLICT')) {
      ctx.log.warn({ importId: data.importId, err: err.message }, 'import failed');
      return;
    }
    throw err;
  }
}

export function registerImportWorker(ctx: AppContext) {
  return ctx.queue.work<ImportJobData>(IMPORT_QUEUE, (data, job) => handleImportJob(ctx, data, job));
}
