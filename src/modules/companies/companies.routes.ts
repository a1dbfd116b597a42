import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, pageQuery, type App } from '../../http/types.js';
import { addTagsBody } from '../contacts/contacts.schema.js';
import { companyContactsQuery, createCompanyBody, listCompaniesQuery, updateCompanyBody } from './companies.schema.js';
import * as service from './companies.service.js';

export function companiesRoutes(app: App, ctx: AppContext): void {
  const tags = ['companies'];
  app.get('/api/v1/companies', { schema: { tags, summary: 'Search, filter, sort and page through companies (keyset)', querystring: listCompaniesQuery } }, async (request) =>
    service.listCompanies({ ctx, actor: actorOf(request), query: request.query }),
  );
  app.post('/api/v1/companies', { schema: { tags, summary: 'Create a company', body: createCompanyBody } }, async (request, reply) => {
    reply.status(201);
    return service.createCompany({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/companies/:id', { schema: { tags, summary: 'Get a company', params: idParam } }, async (request) =>
    service.getCompany({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/companies/:id', { schema: { tags, summary: 'Change a company (only the fields given; custom values merge, null clears)', params: idParam, body: updateCompanyBody } }, async (request) =>
    service.updateCompany({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/companies/:id', { schema: { tags, summary: 'Delete a company (its contacts stay, unlinked)', params: idParam } }, async (request, reply) => {
    await service.deleteCompany({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.post('/api/v1/companies/:id/tags', { schema: { tags, summary: 'Add tags to a company', params: idParam, body: addTagsBody } }, async (request) =>
    service.addCompanyTags({ ctx, actor: actorOf(request), id: request.params.id, tags: request.body.tags }),
  );
  app.delete('/api/v1/companies/:id/tags/:tag', { schema: { tags, summary: 'Remove a tag from a company', params: idParam.extend({ tag: z.string().min(1).max(100) }) } }, async (request) =>
    service.removeCompanyTag({ ctx, actor: actorOf(request), id: request.params.id, tag: request.params.tag }),
  );
  app.get('/api/v1/companies/:id/timeline', { schema: { tags, summary: "The company's timeline, newest first", params: idParam, querystring: z.object(pageQuery) } }, async (request) =>
    service.listCompanyTimeline({ ctx, actor: actorOf(request), id: request.params.id, ...request.query }),
  );
  app.get('/api/v1/companies/:id/contacts', { schema: { tags, summary: "The company's contacts (searchable, filterable, keyset paged like the contact list)", params: idParam, querystring: companyContactsQuery } }, async (request) =>
    service.listCompanyContacts({ ctx, actor: actorOf(request), id: request.params.id, query: request.query }),
  );
}
