import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { contactMergeHooks } from '../contacts/contacts-merge.service.js';
import { exportConsentsCsv, listConsents, recordConsent } from './consents.service.js';
import { moveListRows } from './lists.repo.js';
import { addMembersBody, consentPageQuery, createListBody, listPageQuery, memberParams, membersQuery, recordConsentBody, updateListBody } from './lists.schema.js';
import * as service from './lists.service.js';

export function listsRoutes(app: App, ctx: AppContext): void {
  // Memberships and consents follow a merged contact to the survivor (registered once per process).
  if (!contactMergeHooks.includes(moveListRows)) contactMergeHooks.push(moveListRows);
  const tags = ['lists'];
  app.get('/api/v1/lists', { schema: { tags, summary: 'List mailing lists with their member counts by status (keyset by id)', querystring: listPageQuery } }, async (request) =>
    service.listLists({ ctx, actor: actorOf(request), ...request.query }),
  );
  app.post('/api/v1/lists', { schema: { tags, summary: 'Create a list', body: createListBody } }, async (request, reply) => {
    reply.status(201);
    return service.createList({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/lists/:id', { schema: { tags, summary: 'Get a list with its member counts by status', params: idParam } }, async (request) =>
    service.getList({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/lists/:id', { schema: { tags, summary: 'Rename a list or change its description or purpose', params: idParam, body: updateListBody } }, async (request) =>
    service.updateList({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/lists/:id', { schema: { tags, summary: 'Delete a list and its memberships (the consent ledger is kept)', params: idParam } }, async (request, reply) => {
    await service.deleteList({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.get('/api/v1/lists/:id/members', { schema: { tags, summary: 'Members of a list, keyset-paged by contact id', params: idParam, querystring: membersQuery } }, async (request) =>
    service.listMembers({ ctx, actor: actorOf(request), id: request.params.id, query: request.query }),
  );
  app.post('/api/v1/lists/:id/members', { schema: { tags, summary: 'Add contacts to a list or set their status (default subscribed)', params: idParam, body: addMembersBody } }, async (request) =>
    service.setMembers({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/lists/:id/members/:contactId', { schema: { tags, summary: 'Remove a contact from a list', params: memberParams } }, async (request, reply) => {
    await service.removeMember({ ctx, actor: actorOf(request), id: request.params.id, contactId: request.params.contactId });
    return reply.status(204).send();
  });
  app.post('/api/v1/contacts/:id/consents', { schema: { tags, summary: 'Record a consent change in the ledger (and the current state)', params: idParam, body: recordConsentBody } }, async (request, reply) => {
    reply.status(201);
    return recordConsent({ ctx, actor: actorOf(request), contactId: request.params.id, input: request.body });
  });
  app.get('/api/v1/contacts/:id/consents', { schema: { tags, summary: "The contact's consent ledger, newest first, and its current consents", params: idParam, querystring: consentPageQuery } }, async (request) =>
    listConsents({ ctx, actor: actorOf(request), contactId: request.params.id, ...request.query }),
  );
  app.get('/api/v1/contacts/:id/consents/export', { schema: { tags, summary: "The contact's whole consent ledger as CSV (proof of consent)", params: idParam } }, async (request, reply) => {
    const csv = await exportConsentsCsv({ ctx, actor: actorOf(request), contactId: request.params.id });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="consents-contact-${request.params.id}.csv"`).send(csv);
  });
}
