import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { ActivityType } from '../../db/schema.js';
import { AppError, type FieldIssue } from '../../lib/app-error.js';
import { pageOf } from '../../lib/cursor.js';
import { decodeTimeCursor } from '../../lib/keyset.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { existingIds } from '../contacts/contacts.repo.js';
import { activityDealScope } from '../deals/deal-access.js';
import { existingContactIds, findDeal } from '../deals/deals.repo.js';
import { scheduleTaskReminder } from '../notifications/task-reminder.job.js';
import * as repo from './activities.repo.js';
import { checkTypeFields, type CreateActivityInput, type ListActivitiesQuery, type UpdateActivityInput } from './activities.schema.js';
import { recordActivityEvent } from './activity-events.js';
import { buildActivityWrite, presentActivity, showActivity, type ActivityOut, type ActivityShown } from './activity-write.js';

export async function visibilityOf(db: Executor, actor: Actor): Promise<repo.ActivityVisibility> {
  return { deals: await activityDealScope(db, actor), userId: actor.userId };
}

export async function loadActivity(db: Executor, actor: Actor, id: number, permission: 'activities:read' | 'activities:write' = 'activities:read') {
  requirePermission(actor, permission);
  const row = await repo.findActivity(db, actor.workspaceId, id, await visibilityOf(db, actor));
  if (!row) throw AppError.notFound('Activity');
  return row;
}

/**
 * Deal (one the actor can see), contact, company and assignee must be of the actor's workspace.
 * `inheritedDealId`: the deal of the activity a follow-up continues, kept even when the actor
 * cannot see it (a task assigned to them on someone else's deal).
 */
async function checkLinks(db: Executor, actor: Actor, w: repo.ActivityWrite, inheritedDealId?: number | null): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const scope = await activityDealScope(db, actor);
  if (w.deal_id && w.deal_id !== inheritedDealId && !(scope && (await findDeal(db, actor.workspaceId, w.deal_id, scope)))) issues.push({ path: 'dealId', message: `deal ${w.deal_id} does not exist in this workspace` });
  if (w.contact_id && !(await existingContactIds(db, actor.workspaceId, [w.contact_id])).size) issues.push({ path: 'contactId', message: `contact ${w.contact_id} does not exist in this workspace` });
  if (w.company_id && !(await existingIds(db, 'companies', actor.workspaceId, [w.company_id])).size) issues.push({ path: 'companyId', message: `company ${w.company_id} does not exist in this workspace` });
  if (w.assignee_id && !(await existingIds(db, 'users', actor.workspaceId, [w.assignee_id])).size) issues.push({ path: 'assigneeId', message: `user ${w.assignee_id} does not exist in this workspace` });
  return issues;
}

const reload = async (db: Executor, actor: Actor, id: number) => presentActivity((await repo.findActivity(db, actor.workspaceId, id, { deals: { all: true }, userId: null }))!);

/** Creates an activity inside a transaction the caller holds (also used by follow-ups). */
export async function insertActivityIn(
  ctx: AppContext, trx: Executor, actor: Actor, type: ActivityType, input: UpdateActivityInput & { subject: string },
  followUp?: { of: number; dealId: number | null },
): Promise<ActivityOut> {
  const followUpOf = followUp?.of;
  const w = buildActivityWrite(type, { ...input, assigneeId: input.assigneeId === undefined ? actor.userId : input.assigneeId }, new Date(), true);
  if (w.deal_id && input.companyId === undefined) w.company_id = (await findDeal(trx, actor.workspaceId, w.deal_id))?.company_id ?? null;
  const issues = await checkLinks(trx, actor, w, followUp?.dealId);
  if (issues.length) throw AppError.invalid(issues);
  const id = await repo.insertActivity(trx, actor.workspaceId, { ...w, type, subject: input.subject, follow_up_of: followUpOf ?? null, created_by: actor.userId });
  const created = await reload(trx, actor, id);
  await recordActivityEvent(trx, actor, created, 'activity_created', followUpOf ? { followUpOf } : {});
  await insertAudit(trx, actor, { entity: 'activity', entityId: id, action: 'create', after: created });
  if (type === 'task' && created.dueAt && !created.done && created.assigneeId) await scheduleTaskReminder(ctx, trx, { id, dueAt: new Date(created.dueAt) });
  return created;
}

/** The activities as the actor may see them (the deal of one only assigned to them left out). */
export async function showActivities<T extends Record<string, ActivityOut | ActivityOut[]>>(db: Executor, actor: Actor, items: T) {
  const deals = await activityDealScope(db, actor);
  return Object.fromEntries(
    Object.entries(items).map(([k, v]) => [k, Array.isArray(v) ? v.map((a) => showActivity(a, deals)) : showActivity(v, deals)]),
  ) as { [K in keyof T]: T[K] extends ActivityOut[] ? ActivityShown[] : ActivityShown };
}

export async function createActivity(options: { ctx: AppContext; actor: Actor; input: CreateActivityInput }): Promise<ActivityShown> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'activities:write');
  const created = await ctx.db.transaction().execute((trx) => insertActivityIn(ctx, trx, actor, input.type, input));
  return (await showActivities(ctx.db, actor, { created })).created;
}

export async function getActivity(options: { ctx: AppContext; actor: Actor; id: number }): Promise<ActivityShown> {
  const activity = presentActivity(await loadActivity(options.ctx.db, options.actor, options.id));
  return (await showActivities(options.ctx.db, options.actor, { activity })).activity;
}

/** Applies a change; a new due time (or reopening) schedules a new reminder, the old job then finds it stale. */
export async function changeActivity(ctx: AppContext, trx: Executor, actor: Actor, id: number, input: UpdateActivityInput): Promise<ActivityOut> {
  await repo.lockActivity(trx, actor.workspaceId, id);
  const before = presentActivity(await loadActivity(trx, actor, id, 'activities:write'));
  const issues = checkTypeFields(before.type, input, 'update', before.meeting ? { startAt: before.meeting.startAt, endAt: before.meeting.endAt } : undefined);
  if (input.done === true && before.done) delete input.done; // keep the first completion time
  const w = buildActivityWrite(before.type, input, new Date(), false);
  issues.push(...(await checkLinks(trx, actor, w)));
  if (issues.length) throw AppError.invalid(issues);
  await repo.updateActivity(trx, actor.workspaceId, id, w);
  const after = await reload(trx, actor, id);
  const kind = !before.done && after.done ? 'activity_completed' : before.done && !after.done ? 'activity_reopened' : 'activity_updated';
  await recordActivityEvent(trx, actor, after, kind);
  await insertAudit(trx, actor, { entity: 'activity', entityId: id, action: 'update', before, after });
  const due = after.dueAt ? new Date(after.dueAt).getTime() : null;
  const rescheduled = due !== (before.dueAt ? new Date(before.dueAt).getTime() : null) || (before.done && !after.done) || before.assigneeId !== after.assigneeId;
  if (after.type === 'task' && due && !after.done && after.assigneeId && rescheduled) await scheduleTaskReminder(ctx, trx, { id, dueAt: new Date(due) });
  return after;
}

export async function updateActivity(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateActivityInput }): Promise<ActivityShown> {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'activities:write');
  const updated = await ctx.db.transaction().execute((trx) => changeActivity(ctx, trx, actor, id, input));
  return (await showActivities(ctx.db, actor, { updated })).updated;
}

export async function deleteActivity(options: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'activities:write');
  await ctx.db.transaction().execute(async (trx) => {
    const before = presentActivity(await loadActivity(trx, actor, id, 'activities:write'));
    await repo.deleteActivity(trx, actor.workspaceId, id);
    await recordActivityEvent(trx, actor, { ...before, dealId: null }, 'activity_deleted');
    await insertAudit(trx, actor, { entity: 'activity', entityId: id, action: 'delete', before });
  });
}

export async function listActivities(options: { ctx: AppContext; actor: Actor; query: ListActivitiesQuery }) {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'activities:read');
  const before = decodeTimeCursor(query.cursor);
  const visibility = await visibilityOf(ctx.db, actor);
  const rows = await repo.listActivitiesPage(ctx.db, { ...query, workspaceId: actor.workspaceId, visibility, before });
  const page = pageOf(rows, query.limit, (r) => [r.occurred_key, r.id]);
  return { data: page.data.map((r) => showActivity(presentActivity(r), visibility.deals)), nextCursor: page.nextCursor };
}
