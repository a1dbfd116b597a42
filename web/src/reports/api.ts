// The sales reports; each is also downloadable as CSV (same URL + format=csv).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { API, http, toQueryString, type QueryValue } from '../lib/http';

export type ReportKind = 'forecast' | 'funnel' | 'sales-performance' | 'workload' | 'profitability';

export interface ReportFilters {
  pipelineId?: number;
  ownerId?: number;
  from?: string;
  to?: string;
}

export interface ForecastRow {
  /** null: open deals without an expected close date. */
  month: string | null;
  currency: string;
  openDeals: number;
  openValue: number;
  wonDeals: number;
  won: number;
  weighted: number;
  bestCase: number;
  worstCase: number;
}
export interface Forecast { from: string; to: string; commitThreshold: number; rows: ForecastRow[] }

export interface FunnelStage {
  stageId: number;
  name: string;
  position: number;
  probability: number;
  reached: number;
  conversionToNext: number | null;
  avgDaysInStage: number | null;
}
export interface Funnel { from: string; to: string; pipeline: { id: number; name: string }; deals: number; won: number; lost: number; winRate: number | null; stages: FunnelStage[] }

export interface PerformanceRow {
  id: number | null;
  name: string;
  won: number;
  lost: number;
  winRate: number | null;
  avgSalesCycleDays: number | null;
  wonValue: { currency: string; value: number }[];
}
export interface Performance { from: string; to: string; groupBy: 'owner' | 'pipeline'; rows: PerformanceRow[] }

export interface WorkloadRow { userId: number; name: string; openDeals: number; overdueTasks: number; activities: number }
export interface Workload { from: string; to: string; rows: WorkloadRow[] }

export interface ProfitRow { dealId: number; title: string; owner: string | null; wonAt: string; currency: string; revenue: number; costs: number; margin: number; marginPercent: number | null }
export interface ProfitTotal { currency: string; deals: number; revenue: number; costs: number; margin: number; marginPercent: number | null }
export interface Profitability { from: string; to: string; rows: ProfitRow[]; totals: ProfitTotal[] }

type Extra = Record<string, QueryValue>;

export function reportCsvUrl(kind: ReportKind, f: ReportFilters, extra: Extra = {}): string {
  return `${API}/reports/${kind}${toQueryString({ ...f, ...extra, format: 'csv' })}`;
}

export function useReport<T>(kind: ReportKind, f: ReportFilters, extra: Extra = {}, enabled = true) {
  return useQuery({
    queryKey: ['reports', kind, f, extra],
    queryFn: () => http<T>(`/reports/${kind}`, { query: { ...f, ...extra } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
