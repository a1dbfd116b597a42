import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { ROLE_PERMISSIONS, ROLES } from '../auth/permissions.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { notifySlaAlert } from './sla-notify.js';
import * as repo from './sla.repo.js';

export const SLA_WATCH_QUEUE = 'sla-watch';
/** warn_before_minutes is at most a week (sla.schema.ts): no ticket due later can need a warning now. */
const MAX_WARN_MINUTES = 10_080;
const BATCH = 200;

export type SlaTargetName = 'firstResponse' | 'nextResponse' | 'resolution';
const TARGET_LABEL: Record<SlaTargetName, string> = { firstResponse: 'first response', nextResponse: 'next response', resolution: 'resolution' };
const WORKING_ROLES = ROLES.filter((r) => ROLE_PERMISSIONS[r].has('tickets:write'));

type Locked = NonNullable<Awaited<ReturnType<typeof repo.lockTicketForSla>>>;
export interface SlaAlert {
  target: SlaTargetName;
  stage: 'warning' | 'breached';
  dueAt: string;
}

/**
 * What is due to be said about a ticket at `now`: per outstanding target, a warning once `now` is
 * within the lead time of its due time, and a breach once it has passed. Each is said once per
 * due time (the markers hold the due time said), so a due time moved by a pause is said again.
 */
export function slaAlerts(t: Locked, warnBeforeMinutes: number, now: Date): SlaAlert[] {
  const outstanding: [SlaTargetName, Date | null][] = [
    ['firstResponse', t.first_responded_at ? null : t.first_response_due_at],
    ['nextResponse', t.next_response_due_at],
    ['resolution', t.solved_at ? null : t.resolution_due_at],
  ];
  const alerts: SlaAlert[] = [];
  for (const [target, due] of outstanding) {
    if (!due) continue;
    const dueAt = due.toISOString();
    if (now >= due) {
      if (t.sla_breached[target] !== dueAt) alerts.push({ target, stage: 'breached', dueAt });
    } else if (now.getTime() >= due.getTime() - warnBeforeMinutes * 60_000 && t.sla_warned[target] !== dueAt) {
      alerts.push({ target, stage: 'warning', dueAt });
    }
  }
  return alerts;
}

/** The assignee; unassigned, the inbox's agents; with none of those, the workspace's admins. */
async function recipients(db: Executor, t: Locked): Promise<number[]> {
  if (t.assignee_id) {
    const assignee = await repo.activeMembersWithRole(db, t.workspace_id, [t.assignee_id], WORKING_ROLES);
    if (assignee.length) return assignee;
  }
  const agents = await repo.activeMembersWithRole(db, t.workspace_id, (t.agent_ids as number[] | null) ?? [], WORKING_ROLES);
  return agents.length ? agents : repo.activeMembersWithRole(db, t.workspace_id, null, ['owner', 'admin']);
}

async function alertTicket(ctx: AppContext, id: number, warnBeforeMinutes: number, now: Date): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const t = await repo.lockTicketForSla(trx, id);
    // Re-read under the lock: another run, a reply or a pause may have come in between.
    if (!t || t.paused_since || !['new', 'open', 'on_hold'].includes(t.status)) return 0;
    const alerts = slaAlerts(t, warnBeforeMinutes, now);
    if (alerts.length === 0) return 0;
    const warned = { ...t.sla_warned };
    const breached = { ...t.sla_breached };
    for (const a of alerts) (a.stage === 'warning' ? warned : breached)[a.target] = a.dueAt;
    await repo.saveSlaMarkers(trx, id, { sla_warned: warned, sla_breached: breached });
    const users = await recipients(trx, t);
    for (const a of alerts) await notifySlaAlert(trx, { ticket: t, alert: a, label: TARGET_LABEL[a.target], userIds: users });
    await insertTimelineEvents(trx, alerts.map((a) => ({
      workspaceId: t.workspace_id, contactId: t.contact_id, kind: a.stage === 'warning' ? 'ticket_sla_warning' as const : 'ticket_sla_breached' as const,
      data: { ticketId: id, subject: t.subject, target: a.target, dueAt: a.dueAt },
    })));
    return alerts.length;
  });
}

/**
 * One pass of the SLA watch (every minute, by pg-boss cron): warns before and reports at each
 * breach. `now` is a parameter so tests run it on a fake clock. Returns how many alerts went out.
 */
export async function runSlaWatch(ctx: AppContext, now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + MAX_WARN_MINUTES * 60_000);
  let sent = 0;
  for (let afterId = 0; ;) {
    const batch = await repo.listSlaCandidates(ctx.db, { horizon, afterId, limit: BATCH });
    for (const c of batch) sent += await alertTicket(ctx, c.id, c.warn_before_minutes ?? 30, now);
    if (batch.length < BATCH) return sent;
    afterId = batch.at(-1)!.id;
  }
}

export async function registerSlaWatch(ctx: AppContext): Promise<void> {
  await ctx.queue.work(SLA_WATCH_QUEUE, async () => {
    await runSlaWatch(ctx);
  });
  await ctx.queue.schedule(SLA_WATCH_QUEUE, '* * * * *');
}
