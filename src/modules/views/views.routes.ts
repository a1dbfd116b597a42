import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { companyCountQuery, contactCountQuery, createViewBody, dealCountQuery, updateViewBody, viewsQuery } from './views.schema.js';
import * as service from './views.service.js';

export function viewsRoutes(app: App, ctx: AppContext): void {
  const tags = ['views'];
  app.get('/api/v1/views', {
    schema: { tags, operationId: 'listSavedViews', summary: 'Saved views of a list', description: 'Your personal views and the shared ones, by name.', querystring: viewsQuery },
  }, async (request) => service.listSavedViews({ ctx, actor: actorOf(request), entity: request.query.entity }));
  app.post('/api/v1/views', {
    schema: { tags, operationId: 'createSavedView', summary: 'Save a view', description: 'Columns (custom fields included), sort, filter and page size under a name; shared views need write access to the records.', body: createViewBody },
  }, async (request, reply) => {
    reply.status(201);
    return service.createSavedView({ ctx, actor: actorOf(request), input: request.body });
  });
  app.patch('/api/v1/views/:id', {
    schema: { tags, operationId: 'updateSavedView', summary: 'Change a saved view', description: 'Only its author, or an admin for a shared view.', params: idParam, body: updateViewBody },
  }, async (request) => service.updateSavedView({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }));
  app.delete('/api/v1/views/:id', {
    schema: { tags, operationId: 'deleteSavedView', summary: 'Delete a saved view', description: 'Only its author, or an admin for a shared view.', params: idParam },
  }, async (request, reply) => {
    await service.deleteSavedView({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  const countDescription = 'The total for the list query: exact up to 100,000, above that the planner’s estimate with estimated: true.';
  app.get('/api/v1/views/count/contacts', {
    schema: { tags, operationId: 'countContacts', summary: 'How many contacts the list query matches', description: countDescription, querystring: contactCountQuery },
  }, async (request) => service.countContacts({ ctx, actor: actorOf(request), query: request.query }));
  app.get('/api/v1/views/count/companies', {
    schema: { tags, operationId: 'countCompanies', summary: 'How many companies the list query matches', description: countDescription, querystring: companyCountQuery },
  }, async (request) => service.countCompanies({ ctx, actor: actorOf(request), query: request.query }));
  app.get('/api/v1/views/count/deals', {
    schema: { tags, operationId: 'countDeals', summary: 'How many deals the list query matches', description: countDescription, querystring: dealCountQuery },
  }, async (request) => service.countDeals({ ctx, actor: actorOf(request), query: request.query }));
}
