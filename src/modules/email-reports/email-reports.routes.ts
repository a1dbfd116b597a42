import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { bouncesQuery, deliverabilityQuery, overviewQuery } from './email-reports.schema.js';
import * as service from './email-reports.service.js';

export function emailReportsRoutes(app: App, ctx: AppContext): void {
  const tags = ['email-reports'];
  app.get('/api/v1/email-reports/campaigns', {
    schema: { tags, operationId: 'listCampaignReports', summary: 'Campaigns compared: sent, delivered, bounces, opens, clicks, rates', description: 'Started campaigns, newest first (keyset by id).', querystring: overviewQuery },
  }, async (request) => service.listCampaignReports({ ctx, actor: actorOf(request), ...request.query }));
  app.get('/api/v1/email-reports/campaigns/:id', {
    schema: { tags, operationId: 'getCampaignReport', summary: 'One campaign\'s report', description: 'Sent, delivered, bounced hard/soft/policy, unique and total opens (human vs machine), clicks per link, click-to-open, unsubscribes, complaints, by hour since send and by recipient domain.', params: idParam },
  }, async (request) => service.getCampaignReport({ ctx, actor: actorOf(request), campaignId: request.params.id }));
  app.get('/api/v1/email-reports/deliverability', {
    schema: { tags, operationId: 'getDeliverability', summary: 'Bounces by class and policy blocks per sending domain and account', description: 'Over the last `days` days.', querystring: deliverabilityQuery },
  }, async (request) => service.getDeliverability({ ctx, actor: actorOf(request), days: request.query.days }));
  app.get('/api/v1/email-reports/bounces', {
    schema: { tags, operationId: 'listBounces', summary: 'Each bounce and complaint with its code, reason and the remote server\'s words', description: 'Newest first (keyset by id); filter by class or campaign.', querystring: bouncesQuery },
  }, async (request) => service.listBounces({ ctx, actor: actorOf(request), ...request.query }));
}
