import { CsvError } from 'csv-parse';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { IMPORT_QUEUE } from './imports.service.js';
import { runImport } from './run-import.js';

export interface ImportJobData {
  importId: number;
}

/**
 * A broken file or a refused start will fail the same way every time, so those end the job; any
 * other error (database gone, worker killed) is thrown for pg-boss to retry, and the retry resumes
 * from the last committed batch.
 */
export async function handleImportJob(ctx: AppContext, data: ImportJobData): Promise<void> {
  try {
    await runImport({ ctx, importId: data.importId });
  } catch (err) {
    if (err instanceof CsvError || (err instanceof AppError && err.code !== 'CONFLICT')) {
      ctx.log.warn({ importId: data.importId, err: err.message }, 'import failed');
      return;
    }
    throw err;
  }
}

export function registerImportWorker(ctx: AppContext) {
  return ctx.queue.work<ImportJobData>(IMPORT_QUEUE, (data) => handleImportJob(ctx, data));
}
