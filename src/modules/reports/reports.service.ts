import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/permissions.js';
import { dealScope } from '../deals/deal-access.js';
import { getPipeline } from '../pipelines/pipelines.service.js';
import * as repo from './reports.repo.js';
import type { ForecastQuery, FunnelQuery, ProfitabilityQuery, ReportFilter, SalesPerformanceQuery, WorkloadQuery } from './reports.schema.js';

const day = (d: Date) => d.toISOString().slice(0, 10);
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null);
const money = (n: number) => Math.round(Number(n) * 100) / 100;

/** Permission, then the period's defaults and the caller's deal scope (own deals only for some sales users). */
async function filterOf(ctx: AppContext, actor: Actor, q: { pipelineId?: number; ownerId?: number; from?: string; to?: string }, period: { from: string; to: string }): Promise<ReportFilter> {
  const scope = await dealScope(ctx.db, actor, 'reports:sales');
  return { workspaceId: actor.workspaceId, pipelineId: q.pipelineId, ownerId: q.ownerId, from: q.from ?? period.from, to: q.to ?? period.to, ...(scope.all ? {} : { scopeOwnerId: scope.ownerId }) };
}
const yearToDate = (now: Date) => ({ from: `${now.getUTCFullYear()}-01-01`, to: day(now) });

/**
 * Weighted forecast per month and currency. won = value of deals won that month; weighted = won +
 * Σ open value × stage probability / 100; best case = won + every open deal's value; worst case =
 * won + open deals in stages with probability ≥ commitThreshold. Open deals count in the month of
 * their expected close date; open deals without one form a row of their own (month null). Default: this month and the next five.
 */
export async function forecastReport(options: { ctx: AppContext; actor: Actor; query: ForecastQuery; now?: Date }) {
  const { ctx, actor, query } = options;
  const now = options.now ?? new Date();
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 6, 0));
  const f = await filterOf(ctx, actor, query, { from: `${day(now).slice(0, 7)}-01`, to: day(end) });
  const rows = (await repo.forecast(ctx.db, f, query.commitThreshold)).map((r) => ({
    month: r.month, currency: r.currency, openDeals: Number(r.open_count), openValue: money(r.open_value), wonDeals: Number(r.won_count), won: money(r.won_value),
    weighted: money(Number(r.won_value) + Number(r.weighted_open)), bestCase: money(Number(r.won_value) + Number(r.open_value)), worstCase: money(Number(r.won_value) + Number(r.committed_open)),
  }));
  return { from: f.from, to: f.to, commitThreshold: query.commitThreshold, rows };
}

/** Stage-to-stage conversion of the deals created in the period (see repo.funnel for "reached"). */
export async function funnelReport(options: { ctx: AppContext; actor: Actor; query: FunnelQuery; now?: Date }) {
  const { ctx, actor, query } = options;
  const f = await filterOf(ctx, actor, query, yearToDate(options.now ?? new Date()));
  const pipeline = await getPipeline({ ctx, actor, id: query.pipelineId });
  const { stages, outcome } = await repo.funnel(ctx.db, { ...f, pipelineId: query.pipelineId });
  const won = Number(outcome.won);
  return {
    from: f.from, to: f.to, pipeline: { id: pipeline.id, name: pipeline.name },
    deals: Number(outcome.deals), won, lost: Number(outcome.lost), winRate: pct(won, won + Number(outcome.lost)),
    stages: stages.map((s, i) => {
      const next = i + 1 < stages.length ? Number(stages[i + 1].reached) : won;
      return { stageId: s.stage_id, name: s.name, position: s.position, probability: s.probability, reached: Number(s.reached), conversionToNext: pct(next, Number(s.reached)), avgDaysInStage: s.avg_days === null ? null : Number(s.avg_days) };
    }),
  };
}

/** Win rate = won / (won + lost) of deals closed in the period; sales cycle = days from creation to win. */
export async function salesPerformanceReport(options: { ctx: AppContext; actor: Actor; query: SalesPerformanceQuery; now?: Date }) {
  const { ctx, actor, query } = options;
  const f = await filterOf(ctx, actor, query, yearToDate(options.now ?? new Date()));
  const { rows, values } = await repo.salesPerformance(ctx.db, f, query.groupBy);
  return {
    from: f.from, to: f.to, groupBy: query.groupBy,
    rows: rows.map((r) => ({
      id: r.group_id, name: r.group_name ?? '(none)', won: Number(r.won), lost: Number(r.lost), winRate: pct(Number(r.won), Number(r.won) + Number(r.lost)),
      avgSalesCycleDays: r.avg_cycle_days === null ? null : Number(r.avg_cycle_days),
      wonValue: values.filter((v) => v.group_id === r.group_id).map((v) => ({ currency: v.currency, value: money(v.value) })),
    })),
  };
}

/** Each user's open deals, overdue tasks and activities in the period (default: this week, Monday to Sunday, UTC). */
export async function workloadReport(options: { ctx: AppContext; actor: Actor; query: WorkloadQuery; now?: Date }) {
  const { ctx, actor, query } = options;
  const now = options.now ?? new Date();
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
  const f = await filterOf(ctx, actor, query, { from: day(monday), to: day(new Date(monday.getTime() + 6 * 86_400_000)) });
  const rows = await repo.workload(ctx.db, f, now);
  return { from: f.from, to: f.to, rows: rows.map((r) => ({ userId: r.user_id, name: r.name, openDeals: Number(r.open_deals), overdueTasks: Number(r.overdue_tasks), activities: Number(r.activities) })) };
}

/** Won deals in the period: revenue (value), costs, margin = revenue − costs, margin % of revenue. */
export async function profitabilityReport(options: { ctx: AppContext; actor: Actor; query: ProfitabilityQuery; now?: Date }) {
  const { ctx, actor, query } = options;
  const f = await filterOf(ctx, actor, query, yearToDate(options.now ?? new Date()));
  const { rows, totals } = await repo.profitability(ctx.db, f, query.limit);
  return {
    from: f.from, to: f.to,
    rows: rows.map((r) => ({ dealId: r.deal_id, title: r.title, owner: r.owner_name, wonAt: r.won_at, currency: r.currency, revenue: money(r.revenue), costs: money(r.costs), margin: money(r.margin), marginPercent: pct(Number(r.margin), Number(r.revenue)) })),
    totals: totals.map((t) => ({ currency: t.currency, deals: Number(t.deals), revenue: money(t.revenue), costs: money(t.costs), margin: money(t.margin), marginPercent: pct(Number(t.margin), Number(t.revenue)) })),
  };
}
