import { sql, type SqlBool } from 'kysely';
import { jsonb, type Executor } from '../../db/executor.js';
import type { ActivityType } from '../../db/schema.js';
import type { DealScope } from '../deals/deals.repo.js';

export interface ActivityRow {
  id: number;
  type: ActivityType;
  subject: string;
  notes: string | null;
  deal_id: number | null;
  deal_title: string | null;
  deal_owner_id: number | null;
  contact_id: number | null;
  contact_name: string | null;
  company_id: number | null;
  company_name: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
  assignee_email: string | null;
  occurred_at: Date;
  due_at: Date | null;
  done_at: Date | null;
  call_direction: 'inbound' | 'outbound' | null;
  call_outcome: string | null;
  call_duration_seconds: number | null;
  meeting_start_at: Date | null;
  meeting_end_at: Date | null;
  meeting_location: string | null;
  attendees: { name?: string; email: string }[];
  follow_up_of: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface ActivityWrite {
  type?: ActivityType;
  subject?: string;
  notes?: string | null;
  deal_id?: number | null;
  contact_id?: number | null;
  company_id?: number | null;
  assignee_id?: number | null;
  occurred_at?: Date;
  due_at?: Date | null;
  done_at?: Date | null;
  call_direction?: 'inbound' | 'outbound' | null;
  call_outcome?: string | null;
  call_duration_seconds?: number | null;
  meeting_start_at?: Date | null;
  meeting_end_at?: Date | null;
  meeting_location?: string | null;
  attendees?: { name?: string; email: string }[];
  follow_up_of?: number | null;
  created_by?: number | null;
}

/**
 * Who sees an activity: one with no deal, one on a deal in the actor's deal scope (`null`: the
 * actor sees no deals), or one assigned to the actor themself — then without its deal, when
 * that deal is outside their scope (showActivity in activity-write.ts).
 */
export interface ActivityVisibility {
  deals: DealScope | null;
  userId: number | null;
}

function visible(v: ActivityVisibility) {
  if (v.deals?.all) return sql<SqlBool>`true`;
  const mine = v.userId ? sql<SqlBool>`a.assignee_id = ${v.userId}` : sql<SqlBool>`false`;
  const ownDeal = v.deals && v.deals.ownerId ? sql<SqlBool>`exists (select 1 from deals vd where vd.id = a.deal_id and vd.owner_id = ${v.deals.ownerId})` : sql<SqlBool>`false`;
  return sql<SqlBool>`(a.deal_id is null or ${ownDeal} or ${mine})`;
}

function toValues(w: ActivityWrite) {
  const { attendees, ...columns } = w;
  return { ...columns, ...(attendees ? { attendees: jsonb(attendees) } : {}) };
}

function baseSelect(db: Executor, workspaceId: number, v: ActivityVisibility) {
  return db
    .selectFrom('activities as a')
    .leftJoin('deals as d', 'd.id', 'a.deal_id')
    .leftJoin('contacts as c', 'c.id', 'a.contact_id')
    .leftJoin('companies as co', 'co.id', 'a.company_id')
    .leftJoin('users as u', 'u.id', 'a.assignee_id')
    .select([
      'a.id', 'a.type', 'a.subject', 'a.notes', 'a.deal_id', 'd.title as deal_title', 'd.owner_id as deal_owner_id', 'a.contact_id', 'c.full_name as contact_name',
      'a.company_id', 'co.name as company_name', 'a.assignee_id', 'u.name as assignee_name', 'u.email as assignee_email',
      'a.occurred_at', 'a.due_at', 'a.done_at', 'a.call_direction', 'a.call_outcome', 'a.call_duration_seconds',
      'a.meeting_start_at', 'a.meeting_end_at', 'a.meeting_location', 'a.attendees', 'a.follow_up_of', 'a.created_at', 'a.updated_at',
    ])
    .where('a.workspace_id', '=', workspaceId)
    .where(visible(v));
}

export function findActivity(db: Executor, workspaceId: number, id: number, v: ActivityVisibility): Promise<ActivityRow | undefined> {
  return baseSelect(db, workspaceId, v).where('a.id', '=', id).executeTakeFirst() as Promise<ActivityRow | undefined>;
}

export function lockActivity(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('activities').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertActivity(db: Executor, workspaceId: number, w: ActivityWrite & { type: ActivityType; subject: string }): Promise<number> {
  const row = await db.insertInto('activities').values({ workspace_id: workspaceId, ...toValues(w), type: w.type, subject: w.subject }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateActivity(db: Executor, workspaceId: number, id: number, w: ActivityWrite): Promise<void> {
  await db.updateTable('activities').set({ ...toValues(w), updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteActivity(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.deleteFrom('activities').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export interface ActivityListQuery {
  workspaceId: number;
  visibility: ActivityVisibility;
  limit: number;
  before?: [string, number];
  type?: ActivityType;
  dealId?: number;
  contactId?: number;
  companyId?: number;
  assigneeId?: number;
  status?: 'open' | 'done';
}

/**
 * Newest first, keyset on (occurred_at, id). Plan: with dealId / contactId / companyId the
 * partial activities_{deal,contact,company}_idx serve the order; otherwise activities_ws_idx.
 */
export function listActivitiesPage(db: Executor, q: ActivityListQuery) {
  let query = baseSelect(db, q.workspaceId, q.visibility).select(sql<string>`a.occurred_at::text`.as('occurred_key'));
  if (q.type) query = query.where('a.type', '=', q.type);
  if (q.dealId) query = query.where('a.deal_id', '=', q.dealId);
  if (q.contactId) query = query.where('a.contact_id', '=', q.contactId);
  if (q.companyId) query = query.where('a.company_id', '=', q.companyId);
  if (q.assigneeId) query = query.where('a.assignee_id', '=', q.assigneeId);
  if (q.status) query = query.where('a.done_at', q.status === 'done' ? 'is not' : 'is', null);
  if (q.before) query = query.where(sql<SqlBool>`(a.occurred_at, a.id) < (${q.before[0]}::timestamptz, ${q.before[1]})`);
  return query.orderBy('a.occurred_at', 'desc').orderBy('a.id', 'desc').limit(q.limit + 1).execute() as Promise<(ActivityRow & { occurred_key: string })[]>;
}

/**
 * A user's open tasks due before `until`, soonest first (overdue ones included). Plan: the
 * partial activities_my_day_idx (assignee_id, due_at) where type = 'task' and done_at is null.
 */
export function listOpenTasksDue(db: Executor, workspaceId: number, userId: number, until: Date, limit: number) {
  return baseSelect(db, workspaceId, { deals: { all: true }, userId })
    .where('a.assignee_id', '=', userId)
    .where('a.type', '=', 'task')
    .where('a.done_at', 'is', null)
    .where('a.due_at', '<', until)
    .orderBy('a.due_at').orderBy('a.id')
    .limit(limit)
    .execute() as Promise<ActivityRow[]>;
}
