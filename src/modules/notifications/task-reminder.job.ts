import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { mailTransport } from '../../mail/transport.js';
import { dealVisibleTo } from '../activities/activity-write.js';
import { activityDealScope } from '../deals/deal-access.js';
import * as repo from './notifications.repo.js';

export const REMINDER_QUEUE = 'task-reminder';

export interface ReminderJob {
  taskId: number;
  /** The due time the job was made for, ISO; a job for an older due time does nothing. */
  dueAt: string;
}

export const reminderKey = (taskId: number, dueAt: Date | string) => `task-reminder:${taskId}:${new Date(dueAt).toISOString()}`;

/**
 * Schedules the reminder in the same transaction as the task write: pg-boss stores the job in
 * PostgreSQL, so it commits with the task, survives restarts, and runs when its time has come
 * (at once, if the server was down at that time). Past due times are not reminded.
 */
export async function scheduleTaskReminder(ctx: AppContext, trx: Executor, task: { id: number; dueAt: Date }): Promise<void> {
  if (task.dueAt.getTime() <= Date.now()) return;
  const data: ReminderJob = { taskId: task.id, dueAt: task.dueAt.toISOString() };
  await ctx.queue.send(REMINDER_QUEUE, data, { startAfter: task.dueAt, singletonKey: reminderKey(task.id, task.dueAt), db: repo.rawExecutorOf(trx) });
}

/**
 * Fires one reminder, exactly once however often the job runs: the task is re-read (deleted,
 * done or rescheduled → nothing), the notification insert is idempotent on its source_key, and
 * the email is sent only by the worker that claims it (pending → sending → sent). A failed send
 * puts it back to pending and throws, so pg-boss retries the job.
 */
export async function runTaskReminder(ctx: AppContext, job: ReminderJob): Promise<'skipped' | 'notified' | 'duplicate'> {
  const task = await repo.findReminderTask(ctx.db, job.taskId);
  if (!task || task.done_at || !task.due_at || task.disabled || task.due_at.toISOString() !== new Date(job.dueAt).toISOString()) return 'skipped';
  const transport = mailTransport(ctx.config, ctx.log);
  const key = reminderKey(task.id, task.due_at);
  // The assignee may be a user who cannot see the task's deal (a sales user limited to own deals).
  const assignee = { workspaceId: task.workspace_id, role: task.role, userId: task.assignee_id, apiKeyId: null, label: `user:${task.email}` };
  const dealTitle = dealVisibleTo(await activityDealScope(ctx.db, assignee), task.deal_owner_id) ? task.deal_title : null;
  const about = [dealTitle && `Deal: ${dealTitle}`, task.contact_name && `Contact: ${task.contact_name}`].filter(Boolean).join(' · ');
  const link = `/activities/${task.id}`;
  const inserted = await repo.insertNotification(ctx.db, {
    workspaceId: task.workspace_id, userId: task.assignee_id!, kind: 'task_due', title: `Task due: ${task.subject}`,
    body: [`Due ${task.due_at.toISOString()}`, about].filter(Boolean).join('\n'), link, sourceKey: key,
    emailStatus: task.email_reminders && transport.enabled ? 'pending' : 'none',
  });
  if (!(await repo.claimEmail(ctx.db, key))) return inserted ? 'notified' : 'duplicate';
  try {
    const url = ctx.config.PUBLIC_URL ? `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}${link}` : link;
    await transport.send({ to: task.email, subject: `Reminder: ${task.subject}`, text: `Your task "${task.subject}" is due now (${task.due_at.toISOString()}).\n${about}\n\n${url}\n` });
    await repo.setEmailStatus(ctx.db, key, 'sent');
  } catch (err) {
    await repo.setEmailStatus(ctx.db, key, 'pending');
    throw err;
  }
  return inserted ? 'notified' : 'duplicate';
}

export async function registerReminderWorker(ctx: AppContext): Promise<void> {
  await ctx.queue.work<ReminderJob>(REMINDER_QUEUE, async (job) => {
    await runTaskReminder(ctx, job);
  });
}
