import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import * as actions from './campaign-actions.js';
import { getChecklist } from './campaign-checklist.js';
import { audienceCountBody, campaignPageQuery, createCampaignBody, scheduleBody, updateCampaignBody } from './campaigns.schema.js';
import * as service from './campaigns.service.js';

export function campaignsRoutes(app: App, ctx: AppContext): void {
  const tags = ['campaigns'];
  const one = (operationId: string, summary: string) => ({ tags, operationId, summary, params: idParam });
  app.get('/api/v1/campaigns', { schema: { tags, operationId: 'listCampaigns', summary: 'Campaigns, newest first (keyset by id)', querystring: campaignPageQuery } }, async (request) =>
    service.listCampaigns({ ctx, actor: actorOf(request), ...request.query }),
  );
  app.post('/api/v1/campaigns', { schema: { tags, operationId: 'createCampaign', summary: 'Create a draft campaign', body: createCampaignBody } }, async (request, reply) => {
    reply.status(201);
    return service.createCampaign({ ctx, actor: actorOf(request), input: request.body });
  });
  app.post('/api/v1/campaigns/audience-count', {
    schema: { tags, operationId: 'countCampaignAudience', summary: 'Exact number of recipients of an audience now', description: 'The same SQL a send freezes with: lists ∪, include segments ∩, exclude segments −, through the send guard.', body: audienceCountBody },
  }, async (request) => service.countCampaignAudience({ ctx, actor: actorOf(request), audience: request.body }));
  app.get('/api/v1/campaigns/:id', { schema: one('getCampaign', 'Get a campaign') }, async (request) =>
    service.getCampaign({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/campaigns/:id', { schema: { ...one('updateCampaign', 'Edit a draft campaign'), body: updateCampaignBody } }, async (request) =>
    service.updateCampaign({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/campaigns/:id', { schema: one('deleteCampaign', 'Delete a draft or cancelled campaign') }, async (request, reply) => {
    await service.deleteCampaign({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.post('/api/v1/campaigns/:id/duplicate', { schema: one('duplicateCampaign', 'Copy a campaign into a new draft') }, async (request, reply) => {
    reply.status(201);
    return service.duplicateCampaign({ ctx, actor: actorOf(request), id: request.params.id });
  });
  app.get('/api/v1/campaigns/:id/checklist', {
    schema: { ...one('getCampaignChecklist', 'The pre-send checklist'), description: 'Blocks on an unverified from/reply-to domain, no template, invalid MJML or Liquid, no unsubscribe link, no postal address, an empty audience; warns over 100 KB; SpamAssassin score when installed.' },
  }, async (request) => getChecklist({ ctx, actor: actorOf(request), id: request.params.id }));
  app.post('/api/v1/campaigns/:id/send', { schema: { ...one('sendCampaign', 'Send a draft now'), description: 'Refused (400) with the checklist\'s blocking reasons.' } }, async (request) =>
    actions.sendCampaignNow({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.post('/api/v1/campaigns/:id/schedule', { schema: { ...one('scheduleCampaign', 'Schedule a draft at a wall-clock time in a time zone'), body: scheduleBody } }, async (request) =>
    actions.scheduleCampaign({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.post('/api/v1/campaigns/:id/unschedule', { schema: one('unscheduleCampaign', 'Turn a scheduled campaign back into a draft') }, async (request) =>
    actions.unscheduleCampaign({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.post('/api/v1/campaigns/:id/pause', { schema: one('pauseCampaign', 'Pause a sending campaign') }, async (request) =>
    actions.pauseCampaign({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.post('/api/v1/campaigns/:id/resume', { schema: one('resumeCampaign', 'Resume a paused campaign') }, async (request) =>
    actions.resumeCampaign({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.post('/api/v1/campaigns/:id/cancel', { schema: one('cancelCampaign', 'Cancel a scheduled, sending or paused campaign') }, async (request) =>
    actions.cancelCampaign({ ctx, actor: actorOf(request), id: request.params.id }),
  );
}
