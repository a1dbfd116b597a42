import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { Role } from '../../db/schema.js';
import type { TicketPriority } from '../../db/schema-helpdesk.js';
import type { BusinessHoursInput } from './sla.schema.js';

/** The SQL of SLA settings: business hours and policies, always scoped by workspace. */

export function listBusinessHours(db: Executor, workspaceId: number) {
  return db.selectFrom('business_hours').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').limit(200).execute();
}

export function findBusinessHours(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('business_hours').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

const hoursColumns = (h: Partial<BusinessHoursInput>) => ({
  ...(h.name !== undefined ? { name: h.name } : {}),
  ...(h.timeZone !== undefined ? { time_zone: h.timeZone } : {}),
  ...(h.weekly !== undefined ? { weekly: JSON.stringify(h.weekly) } : {}),
  ...(h.holidays !== undefined ? { holidays: JSON.stringify([...new Set(h.holidays)].sort()) } : {}),
});

export function insertBusinessHours(db: Executor, workspaceId: number, h: BusinessHoursInput) {
  return db.insertInto('business_hours').values({ workspace_id: workspaceId, name: h.name, time_zone: h.timeZone, weekly: '{}', ...hoursColumns(h) }).returningAll().executeTakeFirstOrThrow();
}

export function updateBusinessHours(db: Executor, workspaceId: number, id: number, h: Partial<BusinessHoursInput>) {
  return db.updateTable('business_hours').set(hoursColumns(h)).where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteBusinessHours(db: Executor, workspaceId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('business_hours').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Names of the policies that count time on these hours. */
export async function policiesUsingHours(db: Executor, workspaceId: number, hoursId: number): Promise<string[]> {
  const rows = await db.selectFrom('sla_policies').select('name').where('workspace_id', '=', workspaceId).where('business_hours_id', '=', hoursId).limit(20).execute();
  return rows.map((r) => r.name);
}

export function listPolicies(db: Executor, workspaceId: number) {
  return db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').limit(500).execute();
}

export function findPolicy(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export interface PolicyColumns {
  name?: string;
  inbox_id?: number | null;
  priority?: TicketPriority | null;
  first_response_minutes?: number | null;
  next_response_minutes?: number | null;
  resolution_minutes?: number | null;
  warn_before_minutes?: number;
  business_hours_id?: number | null;
}

export function insertPolicy(db: Executor, workspaceId: number, p: PolicyColumns & { name: string }) {
  return db.insertInto('sla_policies').values({ workspace_id: workspaceId, ...p }).returningAll().executeTakeFirstOrThrow();
}

export function updatePolicy(db: Executor, workspaceId: number, id: number, p: PolicyColumns) {
  return db.updateTable('sla_policies').set(p).where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deletePolicy(db: Executor, workspaceId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('sla_policies').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Whether an inbox of this id exists in the workspace (a policy may name only its own inboxes). */
export async function inboxExists(db: Executor, workspaceId: number, id: number): Promise<boolean> {
  return Boolean(await db.selectFrom('inboxes').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst());
}

/**
 * Open, running tickets whose next due time falls before `horizon`, in id batches. Walks the
 * partial expression index tickets_sla_watch_idx (only open, unpaused tickets, by next due
 * time); tickets breached long ago stay in range until solved, and cost one row read a run each.
 */
export function listSlaCandidates(db: Executor, q: { horizon: Date; afterId: number; limit: number }) {
  return db.selectFrom('tickets as t').leftJoin('sla_policies as p', 'p.id', 't.sla_policy_id')
    .select(['t.id', 't.workspace_id', 'p.warn_before_minutes'])
    .where('t.status', 'in', ['new', 'open', 'on_hold']).where('t.paused_since', 'is', null)
    // The earliest outstanding due time, written as tickets_sla_watch_idx is (unqualified) so it matches.
    .where(sql<SqlBool>`least(case when first_responded_at is null then first_response_due_at end, next_response_due_at, case when solved_at is null then resolution_due_at end) <= ${q.horizon}`)
    .where('t.merged_into_id', 'is', null).where('t.id', '>', q.afterId)
    .orderBy('t.id').limit(q.limit).execute();
}

/** The ticket as the watch decides on it, locked for the rest of the transaction. */
export function lockTicketForSla(db: Executor, id: number) {
  return db.selectFrom('tickets as t').leftJoin('inboxes as i', 'i.id', 't.inbox_id')
    .select(['t.id', 't.workspace_id', 't.subject', 't.status', 't.contact_id', 't.assignee_id', 't.paused_since', 't.first_response_due_at', 't.first_responded_at',
      't.next_response_due_at', 't.resolution_due_at', 't.solved_at', 't.sla_warned', 't.sla_breached', 'i.agent_ids'])
    .where('t.id', '=', id).forUpdate('t').executeTakeFirst();
}

export function saveSlaMarkers(db: Executor, id: number, markers: { sla_warned: Record<string, string>; sla_breached: Record<string, string> }) {
  return db.updateTable('tickets').set({ sla_warned: JSON.stringify(markers.sla_warned), sla_breached: JSON.stringify(markers.sla_breached) }).where('id', '=', id).execute();
}

/** Of `userIds`, the active members of the workspace whose role is one of `roles`. */
export async function activeMembersWithRole(db: Executor, workspaceId: number, userIds: number[] | null, roles: Role[]): Promise<number[]> {
  let q = db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('disabled', '=', false).where('role', 'in', roles);
  if (userIds) {
    if (userIds.length === 0) return [];
    q = q.where('user_id', 'in', userIds);
  }
  return (await q.orderBy('user_id').limit(200).execute()).map((r) => r.user_id);
}
