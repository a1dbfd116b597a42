import { toCsv } from '../reports/reports.csv.js';
import { CHANNELS, type SupportFigures } from './support-figures.js';
import type { SupportReport } from './support-reports.service.js';

const COLUMNS = [
  'agent', 'tickets', ...CHANNELS.map((c) => `channel_${c}`), 'first_response_p50_min', 'first_response_p90_min', 'resolution_p50_min', 'resolution_p90_min',
  'sla_met', 'sla_breached', 'sla_met_pct', 'csat_avg', 'csat_responses', 'csat_requested', 'csat_response_rate_pct', 'csat_1', 'csat_2', 'csat_3', 'csat_4', 'csat_5',
];

const row = (name: string, f: SupportFigures) => [
  name, f.tickets, ...CHANNELS.map((c) => f.byChannel[c]), f.firstResponseMinutes.p50, f.firstResponseMinutes.p90, f.resolutionMinutes.p50, f.resolutionMinutes.p90,
  f.sla.met, f.sla.breached, f.sla.metPercent, f.csat.average, f.csat.responses, f.csat.requested, f.csat.responseRate,
  f.csat.distribution[1], f.csat.distribution[2], f.csat.distribution[3], f.csat.distribution[4], f.csat.distribution[5],
];

/** One row for all tickets, then one per agent with groupBy=agent. The daily backlog is in the JSON. */
export function supportReportCsv(r: SupportReport): string {
  return toCsv(COLUMNS, [row('all', r.summary), ...(r.agents ?? []).map((a) => row(a.agent ? a.agent.name || `user ${a.agent.id}` : 'unassigned', a.figures))]);
}
