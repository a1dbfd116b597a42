import type { AppContext } from '../context.js';
import { registerImportWorker } from '../modules/imports/imports.job.js';
import { registerMaintenance } from './maintenance.job.js';
import { registerConfirmationWorker } from '../modules/audience/confirmation.js';
import { registerCampaignScheduler } from '../modules/campaigns/campaign-actions.js';
import { registerReminderWorker } from '../modules/notifications/task-reminder.job.js';
import { registerTicketReplyWorker } from '../modules/tickets/ticket-replies.js';
import { registerCsatWorker } from '../modules/csat/csat.job.js';
import { registerTicketBulkWorker } from '../modules/tickets/ticket-bulk.job.js';
import { registerSlaWatch } from '../modules/sla/sla-watch.job.js';
import { registerBulkWorker } from '../modules/bulk/bulk.job.js';
import { registerCampaignSendWorker } from '../modules/delivery/campaign-send.job.js';
import { registerTransactionalWorker } from '../modules/delivery/transactional.job.js';
import { registerEventsMaintenance } from '../modules/events/events.job.js';
import { registerIdempotencyPurge } from '../modules/idempotency/idempotency.job.js';

/** Registers every background worker of this process. */
export async function registerWorkers(ctx: AppContext): Promise<void> {
  await registerImportWorker(ctx);
  await registerReminderWorker(ctx);
  await registerMaintenance(ctx);
  await registerConfirmationWorker(ctx);
  await registerTicketReplyWorker(ctx);
  await registerSlaWatch(ctx);
  await registerCsatWorker(ctx);
  await registerTicketBulkWorker(ctx);
  await registerBulkWorker(ctx);
  await registerCampaignSendWorker(ctx);
  await registerTransactionalWorker(ctx);
  await registerCampaignScheduler(ctx);
  await registerEventsMaintenance(ctx);
  await registerIdempotencyPurge(ctx);
}
