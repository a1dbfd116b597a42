// The support report (GET /reports/support); the same URL with format=csv downloads it.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { API, http, toQueryString } from '../lib/http';

export const CHANNELS = ['email', 'web', 'chat', 'api', 'phone'] as const;

export interface SupportFigures {
  tickets: number;
  byChannel: Record<(typeof CHANNELS)[number], number>;
  firstResponseMinutes: { p50: number | null; p90: number | null; count: number };
  resolutionMinutes: { p50: number | null; p90: number | null; count: number };
  sla: { met: number; breached: number; metPercent: number | null };
  csat: { average: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number>; responses: number; requested: number; responseRate: number | null };
  backlog: { day: string; open: number }[];
}
export interface SupportReport {
  from: string;
  to: string;
  groupBy: 'agent' | 'none';
  truncated: boolean;
  summary: SupportFigures;
  agents: { agent: { id: number; name: string } | null; figures: SupportFigures }[] | null;
}
export interface SupportFilters { from?: string; to?: string }

const query = (f: SupportFilters) => ({ from: f.from || undefined, to: f.to || undefined, groupBy: 'agent' });

export function useSupportReport(f: SupportFilters) {
  return useQuery({ queryKey: ['support-report', f], queryFn: () => http<SupportReport>('/reports/support', { query: query(f) }), placeholderData: keepPreviousData });
}

export const supportCsvUrl = (f: SupportFilters) => `${API}/reports/support${toQueryString({ ...query(f), format: 'csv' })}`;
