import type { Executor } from '../../db/executor.js';
import { insertNotification } from '../notifications/notifications.repo.js';
import type { SlaAlert } from './sla-watch.job.js';

/** In-app notifications (not timeline events) of one SLA alert, one per recipient, each sent once. */
export async function notifySlaAlert(trx: Executor, o: { ticket: { id: number; workspace_id: number; subject: string }; alert: SlaAlert; label: string; userIds: number[] }) {
  const { ticket: t, alert: a } = o;
  const what = `${o.label} on #${t.id} “${t.subject}”`;
  const title = a.stage === 'warning' ? `SLA at risk: ${what}` : `SLA breached: ${what}`;
  for (const userId of o.userIds) {
    await insertNotification(trx, {
      workspaceId: t.workspace_id, userId, kind: a.stage === 'warning' ? 'sla_warning' : 'sla_breached', title, body: `Due ${a.dueAt}`,
      link: `/tickets/${t.id}`, sourceKey: `sla:${t.id}:${a.target}:${a.stage}:${a.dueAt}:${userId}`, emailStatus: 'none',
    });
  }
}
