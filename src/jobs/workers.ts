import type { AppContext } from '../context.js';
import { registerImportWorker } from '../modules/imports/imports.job.js';
import { registerMaintenance } from './maintenance.job.js';
import { registerConfirmationWorker } from '../modules/audience/confirmation.js';
import { registerReminderWorker } from '../modules/notifications/task-reminder.job.js';

/** Registers every background worker of this process. */
export async function registerWorkers(ctx: AppContext): Promise<void> {
  await registerImportWorker(ctx);
  await registerReminderWorker(ctx);
  await registerMaintenance(ctx);
  await registerConfirmationWorker(ctx);
}
