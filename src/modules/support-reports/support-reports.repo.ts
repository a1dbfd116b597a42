import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

/**
 * The tickets a support report measures: opened in [from, to), with what their figures need.
 * tickets_created_idx (workspace_id, created_at) serves the range; `limit` bounds the work and
 * the caller says when it was reached.
 */
export function ticketsOpenedBetween(db: Executor, q: { workspaceId: number; from: Date; to: Date; limit: number }) {
  return db.selectFrom('tickets as t').leftJoin('users as u', 'u.id', 't.assignee_id')
    .leftJoin('sla_policies as p', 'p.id', 't.sla_policy_id').leftJoin('business_hours as h', 'h.id', 'p.business_hours_id')
    .select(['t.id', 't.channel', 't.assignee_id', 'u.name as assignee_name', 't.created_at', 't.first_responded_at', 't.solved_at', 't.sla_pauses',
      't.first_response_due_at', 't.resolution_due_at', 't.csat_score', 't.csat_requested_at', 'h.time_zone', 'h.weekly', 'h.holidays'])
    .where('t.workspace_id', '=', q.workspaceId).where('t.merged_into_id', 'is', null)
    .where('t.created_at', '>=', q.from).where('t.created_at', '<', q.to)
    .orderBy('t.created_at').limit(q.limit).execute();
}

/**
 * Open tickets at the end of each UTC day in [from, to), per assignee: opened before the day
 * ended and not solved by then. A nested loop of days × the workspace's tickets opened before
 * `to`; days are bounded (a year) by the schema.
 */
export async function dailyBacklog(db: Executor, q: { workspaceId: number; from: Date; to: Date }) {
  const { rows } = await sql<{ day: string; assignee_id: number | null; assignee_name: string | null; open: number }>`
    select to_char(d.day, 'YYYY-MM-DD') as day, t.assignee_id, u.name as assignee_name, count(t.id)::int as open
      from generate_series(${q.from}::timestamptz, ${q.to}::timestamptz - interval '1 day', interval '1 day') as d(day)
      join tickets t on t.workspace_id = ${q.workspaceId} and t.merged_into_id is null
       and t.created_at < d.day + interval '1 day' and (t.solved_at is null or t.solved_at >= d.day + interval '1 day')
      left join users u on u.id = t.assignee_id
     group by 1, 2, 3
     order by 1, 2`.execute(db);
  return rows.map((r) => ({ ...r, open: Number(r.open), assignee_id: r.assignee_id === null ? null : Number(r.assignee_id) }));
}
