import type { AppContext } from '../../context.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { figuresOf, type MeasuredTicket } from './support-figures.js';
import * as repo from './support-reports.repo.js';
import type { SupportReportQuery } from './support-reports.schema.js';

const DAY = 86_400_000;
/** Tickets one report reads at most; beyond it the report says it is truncated. */
export const REPORT_MAX_TICKETS = 100_000;
const MAX_DAYS = 366;

function rangeOf(q: SupportReportQuery, now: Date) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const to = q.to ? Date.parse(`${q.to}T00:00:00Z`) + DAY : today + DAY;
  let from = q.from ? Date.parse(`${q.from}T00:00:00Z`) : to - 30 * DAY;
  // A longer range is cut to its last year: the backlog walks it day by day.
  if (to - from > MAX_DAYS * DAY) from = to - MAX_DAYS * DAY;
  return { from: new Date(from), to: new Date(to) };
}

/**
 * The help desk's report for tickets opened in the range: volume by channel, first-response and
 * resolution time (p50/p90, business minutes), SLA met %, CSAT, and the daily backlog; with
 * groupBy=agent, each of these per assignee (unassigned tickets as agent null).
 */
export async function supportReport(options: { ctx: AppContext; actor: Actor; query: SupportReportQuery; now?: Date }) {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'reports:support');
  const now = options.now ?? new Date();
  const { from, to } = rangeOf(query, now);
  const ws = actor.workspaceId;
  const tickets = await repo.ticketsOpenedBetween(ctx.db, { workspaceId: ws, from, to, limit: REPORT_MAX_TICKETS + 1 });
  const truncated = tickets.length > REPORT_MAX_TICKETS;
  const measured = tickets.slice(0, REPORT_MAX_TICKETS) as (MeasuredTicket & { assignee_id: number | null; assignee_name: string | null })[];
  const backlogRows = await repo.dailyBacklog(ctx.db, { workspaceId: ws, from, to });
  const days = Array.from({ length: Math.round((to.getTime() - from.getTime()) / DAY) }, (_, i) => new Date(from.getTime() + i * DAY).toISOString().slice(0, 10));
  const backlogOf = (agent?: number | null) => days.map((day) => ({
    day, open: backlogRows.filter((r) => r.day === day && (agent === undefined || r.assignee_id === agent)).reduce((n, r) => n + r.open, 0),
  }));
  const report = {
    from: from.toISOString().slice(0, 10), to: new Date(to.getTime() - DAY).toISOString().slice(0, 10), groupBy: query.groupBy, truncated,
    summary: { ...figuresOf(measured, now), backlog: backlogOf() },
    agents: null as null | { agent: { id: number; name: string } | null; figures: ReturnType<typeof figuresOf> & { backlog: ReturnType<typeof backlogOf> } }[],
  };
  if (query.groupBy === 'agent') {
    const groups = new Map<number | null, typeof measured>();
    const names = new Map<number | null, string>();
    for (const t of measured) {
      if (!groups.has(t.assignee_id)) groups.set(t.assignee_id, []);
      groups.get(t.assignee_id)!.push(t);
      names.set(t.assignee_id, t.assignee_name ?? '');
    }
    for (const r of backlogRows) {
      if (!groups.has(r.assignee_id)) groups.set(r.assignee_id, []);
      names.set(r.assignee_id, r.assignee_name ?? '');
    }
    report.agents = [...groups.entries()]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : (names.get(a) ?? '').localeCompare(names.get(b) ?? '')))
      .map(([id, list]) => ({ agent: id === null ? null : { id, name: names.get(id) ?? '' }, figures: { ...figuresOf(list, now), backlog: backlogOf(id) } }));
  }
  return report;
}
export type SupportReport = Awaited<ReturnType<typeof supportReport>>;
