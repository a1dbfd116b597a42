import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { ReportFilter } from './reports.schema.js';

// Every report reads deals through the same filter: workspace, pipeline, owner and the caller's
// own scope. Periods are whole UTC days.
function dealWhere(f: ReportFilter): RawBuilder<unknown> {
  const parts = [sql`d.workspace_id = ${f.workspaceId}`];
  if (f.pipelineId) parts.push(sql`d.pipeline_id = ${f.pipelineId}`);
  if (f.ownerId) parts.push(sql`d.owner_id = ${f.ownerId}`);
  if (f.scopeOwnerId !== undefined) parts.push(f.scopeOwnerId === null ? sql`false` : sql`d.owner_id = ${f.scopeOwnerId}`);
  return sql.join(parts, sql` and `);
}
const utcDayIn = (column: RawBuilder<unknown>, f: ReportFilter) => sql`(${column} at time zone 'UTC')::date between ${f.from}::date and ${f.to}::date`;

export interface ForecastRow {
  /** null: open deals without an expected close date (shown as "no close date", never left out). */
  month: string | null;
  currency: string;
  open_count: number;
  open_value: number;
  weighted_open: number;
  committed_open: number;
  won_count: number;
  won_value: number;
}

/**
 * Per month and currency: open deals by expected close date (value, value × stage probability,
 * value in stages ≥ threshold) and deals won in that month. Plan: deals_forecast_idx (a partial
 * index of open deals on (workspace_id, expected_close_date) including value, currency and stage)
 * serves the open part (undated open deals are in it too, under a null key); the won part reads
 * deals_closed_idx.
 */
export async function forecast(db: Executor, f: ReportFilter, threshold: number): Promise<ForecastRow[]> {
  const { rows } = await sql<ForecastRow>`
    with x as (
      select to_char(d.expected_close_date, 'YYYY-MM') as month, d.currency, d.value, s.probability, false as won
        from deals d join pipeline_stages s on s.id = d.stage_id
       where ${dealWhere(f)} and d.status = 'open'
         and (d.expected_close_date between ${f.from}::date and ${f.to}::date or d.expected_close_date is null)
      union all
      select to_char(d.won_at at time zone 'UTC', 'YYYY-MM'), d.currency, d.value, 100, true
        from deals d
       where ${dealWhere(f)} and d.status = 'won' and d.closed_at is not null and ${utcDayIn(sql`d.won_at`, f)}
    )
    select month, currency::text as currency,
           count(*) filter (where not won) as open_count,
           coalesce(sum(value) filter (where not won), 0) as open_value,
           round(coalesce(sum(value * probability / 100.0) filter (where not won), 0), 2) as weighted_open,
           coalesce(sum(value) filter (where not won and probability >= ${threshold}), 0) as committed_open,
           count(*) filter (where won) as won_count,
           coalesce(sum(value) filter (where won), 0) as won_value
      from x group by month, currency order by month nulls last, currency`.execute(db);
  return rows;
}

export interface FunnelRow {
  stage_id: number;
  name: string;
  position: number;
  probability: number;
  reached: number;
  avg_days: number | null;
}

/**
 * Deals created in the period in one pipeline. A deal reached a stage when its furthest stage
 * (highest position it ever entered, from deal_stage_history) is at or beyond it, so skipped
 * stages count as passed. Average days in stage over finished stays (left_at set).
 */
export async function funnel(db: Executor, f: ReportFilter & { pipelineId: number }) {
  const { rows } = await sql<FunnelRow>`
    with cohort as (
      select d.id from deals d where ${dealWhere(f)} and ${utcDayIn(sql`d.created_at`, f)}
    ), furthest as (
      select h.deal_id, max(s.position) as position
        from cohort c join deal_stage_history h on h.deal_id = c.id join pipeline_stages s on s.id = h.to_stage_id and s.pipeline_id = ${f.pipelineId}
       group by h.deal_id
    )
    select s.id as stage_id, s.name, s.position, s.probability,
           (select count(*) from furthest r where r.position >= s.position) as reached,
           (select round(avg(extract(epoch from h.left_at - h.entered_at)) / 86400.0, 2)
              from cohort c join deal_stage_history h on h.deal_id = c.id where h.to_stage_id = s.id and h.left_at is not null) as avg_days
      from pipeline_stages s where s.workspace_id = ${f.workspaceId} and s.pipeline_id = ${f.pipelineId}
     order by s.position, s.id`.execute(db);
  const { rows: [outcome] } = await sql<{ deals: number; won: number; lost: number }>`
    select count(*) as deals, count(*) filter (where d.status = 'won') as won, count(*) filter (where d.status = 'lost') as lost
      from deals d where ${dealWhere(f)} and ${utcDayIn(sql`d.created_at`, f)}`.execute(db);
  return { stages: rows, outcome };
}

export interface PerformanceRow {
  group_id: number | null;
  group_name: string | null;
  won: number;
  lost: number;
  avg_cycle_days: number | null;
}

/** Deals closed in the period per owner or pipeline: won, lost, average days from creation to win. */
export async function salesPerformance(db: Executor, f: ReportFilter, groupBy: 'owner' | 'pipeline') {
  const key = groupBy === 'owner' ? sql`d.owner_id` : sql`d.pipeline_id`;
  const name = groupBy === 'owner' ? sql`(select u.name from users u where u.id = d.owner_id)` : sql`(select p.name from pipelines p where p.id = d.pipeline_id)`;
  const closed = sql`${dealWhere(f)} and d.status in ('won', 'lost') and ${utcDayIn(sql`d.closed_at`, f)}`;
  const { rows } = await sql<PerformanceRow>`
    select ${key} as group_id, min(${name}) as group_name,
           count(*) filter (where d.status = 'won') as won, count(*) filter (where d.status = 'lost') as lost,
           round(avg(extract(epoch from d.closed_at - d.created_at) / 86400.0) filter (where d.status = 'won'), 2) as avg_cycle_days
      from deals d where ${closed} group by ${key} order by group_name nulls last, group_id`.execute(db);
  const { rows: values } = await sql<{ group_id: number | null; currency: string; value: number }>`
    select ${key} as group_id, d.currency::text as currency, sum(d.value) as value
      from deals d where ${closed} and d.status = 'won' group by ${key}, d.currency order by d.currency`.execute(db);
  return { rows, values };
}

export interface WorkloadRow {
  user_id: number;
  name: string;
  open_deals: number;
  overdue_tasks: number;
  activities: number;
}

/**
 * Per active user who can hold deals or tasks: open deals owned (deals_owner_idx), open tasks
 * past due (activities_my_day_idx) and activities placed in the period (activities_assignee_idx).
 */
export async function workload(db: Executor, f: ReportFilter, now: Date) {
  const userScope = f.scopeOwnerId === undefined ? sql`true` : f.scopeOwnerId === null ? sql`false` : sql`u.id = ${f.scopeOwnerId}`;
  const { rows } = await sql<WorkloadRow>`
    select u.id as user_id, u.name,
           (select count(*) from deals d where d.workspace_id = u.workspace_id and d.owner_id = u.id and d.status = 'open'
              ${f.pipelineId ? sql`and d.pipeline_id = ${f.pipelineId}` : sql``}) as open_deals,
           (select count(*) from activities a where a.assignee_id = u.id and a.type = 'task' and a.done_at is null and a.due_at < ${now}) as overdue_tasks,
           (select count(*) from activities a where a.workspace_id = u.workspace_id and a.assignee_id = u.id and ${utcDayIn(sql`a.occurred_at`, f)}) as activities
      from users u
     where u.workspace_id = ${f.workspaceId} and not u.disabled and u.role in ('owner', 'admin', 'sales', 'support') and ${userScope}
           ${f.ownerId ? sql`and u.id = ${f.ownerId}` : sql``}
     order by lower(u.name), u.id`.execute(db);
  return rows;
}

export interface ProfitRow {
  deal_id: number;
  title: string;
  currency: string;
  owner_name: string | null;
  won_at: Date;
  revenue: number;
  costs: number;
  margin: number;
}

/** Won deals in the period with their costs (deal_costs_deal_idx per deal), newest first; totals per currency over all. */
export async function profitability(db: Executor, f: ReportFilter, limit: number) {
  const won = sql`${dealWhere(f)} and d.status = 'won' and ${utcDayIn(sql`d.won_at`, f)}`;
  const costs = sql`left join lateral (select coalesce(sum(c.amount), 0) as total from deal_costs c where c.deal_id = d.id) c on true`;
  const { rows } = await sql<ProfitRow>`
    select d.id as deal_id, d.title, d.currency::text as currency, u.name as owner_name, d.won_at,
           d.value as revenue, c.total as costs, d.value - c.total as margin
      from deals d left join users u on u.id = d.owner_id ${costs}
     where ${won} order by d.won_at desc, d.id desc limit ${limit}`.execute(db);
  const { rows: totals } = await sql<{ currency: string; deals: number; revenue: number; costs: number; margin: number }>`
    select d.currency::text as currency, count(*) as deals, sum(d.value) as revenue, sum(c.total) as costs, sum(d.value - c.total) as margin
      from deals d ${costs} where ${won} group by d.currency order by d.currency`.execute(db);
  return { rows, totals };
}
