import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, pageQuery, type App } from '../../http/types.js';
import { getBoard } from './deal-board.service.js';
import { addDealCost, deleteDealCost, getDealWithFinancials, listDealCosts } from './deal-costs.service.js';
import { closeDeal, getDealTimeline, getStageHistory, moveDeal, reopenDeal } from './deal-stages.service.js';
import { boardQuery, closeDealBody, costBody, costParams, createDealBody, listDealsQuery, moveDealBody, updateDealBody } from './deals.schema.js';
import * as service from './deals.service.js';

export function dealsRoutes(app: App, ctx: AppContext): void {
  const tags = ['deals'];
  app.get('/api/v1/deals', { schema: { tags, summary: 'Table view: search, filter (pipeline, stage, owner, status, company, contact, tag, custom fields), sort and page (keyset)', querystring: listDealsQuery } }, async (request) =>
    service.listDeals({ ctx, actor: actorOf(request), query: request.query }),
  );
  app.post('/api/v1/deals', { schema: { tags, summary: 'Create a deal', body: createDealBody } }, async (request, reply) => {
    reply.status(201);
    return service.createDeal({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/pipelines/:id/board', { schema: { tags, summary: 'Kanban board: per stage the first open deals and the column count and total value per currency; stageId + cursor loads more of one column', params: idParam, querystring: boardQuery } }, async (request) =>
    getBoard({ ctx, actor: actorOf(request), pipelineId: request.params.id, query: request.query }),
  );
  app.get('/api/v1/deals/:id', { schema: { tags, summary: 'Get a deal with its financials (revenue, costs and margin once won)', params: idParam } }, async (request) =>
    getDealWithFinancials({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/deals/:id', { schema: { tags, summary: 'Change a deal (only the fields given; contactIds replaces the list; stage via /move)', params: idParam, body: updateDealBody } }, async (request) =>
    service.updateDeal({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/deals/:id', { schema: { tags, summary: 'Delete a deal with its history, costs and activities', params: idParam } }, async (request, reply) => {
    await service.deleteDeal({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.post('/api/v1/deals/:id/move', { schema: { tags, summary: 'Move an open deal to another stage (recorded in its stage history and on the timelines of the deal, its company and contacts)', params: idParam, body: moveDealBody } }, async (request) =>
    moveDeal({ ctx, actor: actorOf(request), id: request.params.id, ...request.body }),
  );
  app.post('/api/v1/deals/:id/close', { schema: { tags, summary: 'Mark an open deal won or lost (lost with a reason from /lost-reasons)', params: idParam, body: closeDealBody } }, async (request) =>
    closeDeal({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.post('/api/v1/deals/:id/reopen', { schema: { tags, summary: 'Reopen a won or lost deal in its last stage', params: idParam } }, async (request) =>
    reopenDeal({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.get('/api/v1/deals/:id/history', { schema: { tags, summary: 'Stage history: every stay in a stage with its time', params: idParam } }, async (request) =>
    getStageHistory({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.get('/api/v1/deals/:id/timeline', { schema: { tags, summary: "The deal's timeline, newest first", params: idParam, querystring: z.object(pageQuery) } }, async (request) =>
    getDealTimeline({ ctx, actor: actorOf(request), id: request.params.id, ...request.query }),
  );
  app.get('/api/v1/deals/:id/costs', { schema: { tags, summary: "The deal's costs and its revenue, costs and margin", params: idParam } }, async (request) =>
    listDealCosts({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.post('/api/v1/deals/:id/costs', { schema: { tags, summary: 'Record a cost against a deal (in the deal’s currency)', params: idParam, body: costBody } }, async (request, reply) => {
    reply.status(201);
    return addDealCost({ ctx, actor: actorOf(request), id: request.params.id, input: request.body });
  });
  app.delete('/api/v1/deals/:id/costs/:costId', { schema: { tags, summary: 'Remove a cost', params: costParams } }, async (request, reply) => {
    await deleteDealCost({ ctx, actor: actorOf(request), ...request.params });
    return reply.status(204).send();
  });
}
