import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import { actorOf, type App } from '../../http/types.js';
import { reportCsv } from './reports.csv.js';
import { forecastQuery, funnelQuery, profitabilityQuery, salesPerformanceQuery, workloadQuery } from './reports.schema.js';
import * as service from './reports.service.js';

function respond<R>(reply: FastifyReply, format: 'json' | 'csv', name: string, report: R, csv: (r: R) => string) {
  if (format === 'json') return report;
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`).send(csv(report));
}

const FILTERS = 'Filter by pipelineId, ownerId, from and to (UTC days); format=csv downloads it. Sales users limited to their own deals see only their figures. Amounts are per currency, never converted.';

export function reportsRoutes(app: App, ctx: AppContext): void {
  const tags = ['reports'];
  app.get('/api/v1/reports/forecast', { schema: { tags, summary: 'Weighted forecast by month', description: `Per month and currency: won = deals won that month; weighted = won + Σ(open value × stage probability / 100) for open deals expected to close that month; bestCase = won + all those open deals; worstCase = won + open deals in stages with probability ≥ commitThreshold (default 80). Default period: this month and the next five. ${FILTERS}`, querystring: forecastQuery } }, async (request, reply) =>
    respond(reply, request.query.format, 'forecast', await service.forecastReport({ ctx, actor: actorOf(request), query: request.query }), reportCsv.forecast),
  );
  app.get('/api/v1/reports/funnel', { schema: { tags, summary: 'Stage-to-stage conversion funnel of one pipeline', description: `Deals created in the period (default: year to date). A deal reached a stage when the furthest stage it ever entered is at or after it; conversionToNext = reached(next) / reached × 100, for the last stage won / reached. avgDaysInStage over finished stays. ${FILTERS}`, querystring: funnelQuery } }, async (request, reply) =>
    respond(reply, request.query.format, 'funnel', await service.funnelReport({ ctx, actor: actorOf(request), query: request.query }), reportCsv.funnel),
  );
  app.get('/api/v1/reports/sales-performance', { schema: { tags, summary: 'Win rate and average sales-cycle length per user or pipeline', description: `Deals closed (won or lost) in the period (default: year to date). winRate = won / (won + lost) × 100; avgSalesCycleDays = mean days from creation to win. ${FILTERS}`, querystring: salesPerformanceQuery } }, async (request, reply) =>
    respond(reply, request.query.format, 'sales-performance', await service.salesPerformanceReport({ ctx, actor: actorOf(request), query: request.query }), reportCsv.salesPerformance),
  );
  app.get('/api/v1/reports/workload', { schema: { tags, summary: "Each user's workload: open deals, overdue tasks, activities in the period", description: `Activities are counted by when they are placed (call time, meeting start, task due); default period this week (Monday–Sunday, UTC). pipelineId limits the open deals. ${FILTERS}`, querystring: workloadQuery } }, async (request, reply) =>
    respond(reply, request.query.format, 'workload', await service.workloadReport({ ctx, actor: actorOf(request), query: request.query }), reportCsv.workload),
  );
  app.get('/api/v1/reports/profitability', { schema: { tags, summary: 'Profitability of won deals over a period', description: `Deals won in the period (default: year to date): revenue = deal value, costs = sum of its recorded costs, margin = revenue − costs, marginPercent = margin / revenue × 100; totals per currency. ${FILTERS}`, querystring: profitabilityQuery } }, async (request, reply) =>
    respond(reply, request.query.format, 'profitability', await service.profitabilityReport({ ctx, actor: actorOf(request), query: request.query }), reportCsv.profitability),
  );
}
