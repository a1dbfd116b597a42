import type { AppContext } from '../../context.js';
import { actorOf, type App } from '../../http/types.js';
import { supportReportCsv } from './support-reports.csv.js';
import { supportReportQuery } from './support-reports.schema.js';
import { supportReport } from './support-reports.service.js';

export function supportReportsRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/reports/support', {
    schema: {
      tags: ['support-reports'], operationId: 'getSupportReport', querystring: supportReportQuery,
      summary: 'Help-desk report for tickets opened from `from` to `to` (UTC days): volume by channel, first-response and resolution p50/p90 (business minutes), SLA met %, daily backlog, CSAT; groupBy=agent per assignee; format=csv downloads the summary',
    },
  }, async (request, reply) => {
    const report = await supportReport({ ctx, actor: actorOf(request), query: request.query });
    if (request.query.format === 'json') return report;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="support-${report.from}-${report.to}.csv"`).send(supportReportCsv(report));
  });
}
