import { createEvent } from 'ics';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import * as repo from './activities.repo.js';
import type { FollowUpInput } from './activities.schema.js';
import { changeActivity, insertActivityIn, loadActivity, showActivities } from './activities.service.js';
import { presentActivity } from './activity-write.js';
import { dayWindow } from './day-range.js';

/**
 * "Schedule follow-up": the next task, linked to the same deal, contact and company, and (by
 * default) the activity followed up marked done — one transaction, so both or neither.
 */
export async function scheduleFollowUp(options: { ctx: AppContext; actor: Actor; id: number; input: FollowUpInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'activities:write');
  const result = await ctx.db.transaction().execute(async (trx) => {
    let source = presentActivity(await loadActivity(trx, actor, id, 'activities:write'));
    if (input.markDone && !source.done) source = await changeActivity(ctx, trx, actor, id, { done: true });
    const followUp = await insertActivityIn(ctx, trx, actor, 'task', {
      subject: input.subject ?? `Follow up: ${source.subject}`.slice(0, 300), notes: input.notes, dueAt: input.dueAt,
      dealId: source.dealId, contactId: source.contactId, companyId: source.companyId,
      assigneeId: input.assigneeId === undefined ? (source.assigneeId ?? actor.userId) : input.assigneeId,
    }, { of: id, dealId: source.dealId });
    return { followUp, source };
  });
  return showActivities(ctx.db, actor, result);
}

/** My day: my open tasks, overdue (due before now), due later today, and upcoming (the next `days` days). */
export async function getMyDay(options: { ctx: AppContext; actor: Actor; tz: string; days: number; now?: Date }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'activities:read');
  if (!actor.userId) throw AppError.invalid({ path: 'actor', message: 'My day belongs to a user; an API key has none' });
  const now = options.now ?? new Date();
  const { endOfToday, endOfUpcoming } = dayWindow(now, options.tz, options.days);
  const tasks = (await repo.listOpenTasksDue(ctx.db, actor.workspaceId, actor.userId, endOfUpcoming, 500)).map(presentActivity);
  const due = (t: (typeof tasks)[number]) => new Date(t.dueAt!).getTime();
  const lists = await showActivities(ctx.db, actor, {
    overdue: tasks.filter((t) => due(t) < now.getTime()),
    today: tasks.filter((t) => due(t) >= now.getTime() && due(t) < endOfToday.getTime()),
    upcoming: tasks.filter((t) => due(t) >= endOfToday.getTime()),
  });
  return { now, endOfToday, endOfUpcoming, ...lists };
}

const utc = (d: Date | string) => new Date(d).getTime();

/** The meeting as an iCalendar invite (METHOD:REQUEST), attendees asked to reply. */
export async function meetingInvite(options: { ctx: AppContext; actor: Actor; id: number }): Promise<{ filename: string; body: string }> {
  const row = await loadActivity(options.ctx.db, options.actor, options.id);
  const a = presentActivity(row);
  if (a.type !== 'meeting' || !a.meeting?.startAt || !a.meeting.endAt) throw AppError.notFound('Meeting');
  const { error, value } = createEvent({
    uid: `rapport-activity-${a.id}@rapport`, method: 'REQUEST', productId: 'rapport/crm',
    title: a.subject, description: a.notes ?? undefined, location: a.meeting.location ?? undefined,
    start: utc(a.meeting.startAt), startInputType: 'utc', startOutputType: 'utc',
    end: utc(a.meeting.endAt), endInputType: 'utc', endOutputType: 'utc',
    organizer: row.assignee_email ? { name: a.assignee?.name || undefined, email: row.assignee_email } : undefined,
    attendees: a.meeting.attendees.map((p) => ({ name: p.name, email: p.email, rsvp: true, role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION' })),
  });
  if (error || !value) throw error ?? new Error('Could not build the invite');
  return { filename: `meeting-${a.id}.ics`, body: value };
}
