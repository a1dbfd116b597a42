// URL state of /reports: the tab shown (kept out of ReportsPage so the chart code loads lazily).
import type { ReportKind } from './api';

const KINDS: ReportKind[] = ['forecast', 'funnel', 'sales-performance', 'workload', 'profitability'];

export function validateReportsSearch(s: Record<string, unknown>): { tab?: ReportKind } {
  return { tab: KINDS.includes(s.tab as ReportKind) ? (s.tab as ReportKind) : undefined };
}
