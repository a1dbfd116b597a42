import { stringify } from 'csv-stringify/sync';
import { neutraliseCell } from '../exports/csv-safe.js';
import type { forecastReport, funnelReport, profitabilityReport, salesPerformanceReport, workloadReport } from './reports.service.js';

type Cell = string | number | null | Date;
const cell = (v: Cell) => (v === null ? '' : v instanceof Date ? v.toISOString() : typeof v === 'string' ? neutraliseCell(v) : v);

/** A report as CSV (UTF-8 with BOM, so spreadsheet apps read accents); text cells are formula-neutralised like exports. */
export function toCsv(columns: string[], rows: Cell[][]): string {
  return stringify([columns, ...rows.map((r) => r.map(cell))], { bom: true });
}

export const reportCsv = {
  forecast: (r: Awaited<ReturnType<typeof forecastReport>>) =>
    toCsv(['month', 'currency', 'open_deals', 'open_value', 'won_deals', 'won', 'weighted', 'best_case', 'worst_case'], r.rows.map((x) => [x.month ?? 'no close date', x.currency, x.openDeals, x.openValue, x.wonDeals, x.won, x.weighted, x.bestCase, x.worstCase])),
  funnel: (r: Awaited<ReturnType<typeof funnelReport>>) =>
    toCsv(['stage', 'position', 'probability', 'reached', 'conversion_to_next_pct', 'avg_days_in_stage'], r.stages.map((s) => [s.name, s.position, s.probability, s.reached, s.conversionToNext, s.avgDaysInStage])),
  salesPerformance: (r: Awaited<ReturnType<typeof salesPerformanceReport>>) =>
    toCsv([r.groupBy, 'won', 'lost', 'win_rate_pct', 'avg_sales_cycle_days', 'won_value'], r.rows.map((x) => [x.name, x.won, x.lost, x.winRate, x.avgSalesCycleDays, x.wonValue.map((v) => `${v.currency} ${v.value.toFixed(2)}`).join('; ')])),
  workload: (r: Awaited<ReturnType<typeof workloadReport>>) =>
    toCsv(['user', 'open_deals', 'overdue_tasks', 'activities'], r.rows.map((x) => [x.name, x.openDeals, x.overdueTasks, x.activities])),
  profitability: (r: Awaited<ReturnType<typeof profitabilityReport>>) =>
    toCsv(['deal_id', 'title', 'owner', 'won_at', 'currency', 'revenue', 'costs', 'margin', 'margin_pct'], r.rows.map((x) => [x.dealId, x.title, x.owner, x.wonAt, x.currency, x.revenue, x.costs, x.margin, x.marginPercent])),
};
