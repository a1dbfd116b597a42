import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, pageQuery, type App } from '../../http/types.js';
import { listTimeline } from '../timeline/timeline.service.js';
import { findDuplicateContacts, mergeContacts } from './contacts-merge.service.js';
import { addTagsBody, createContactBody, listContactsQuery, mergeBody, updateContactBody } from './contacts.schema.js';
import * as service from './contacts.service.js';

export function contactsRoutes(app: App, ctx: AppContext): void {
  const tags = ['contacts'];
  app.get('/api/v1/contacts', { schema: { tags, summary: 'Search, filter, sort and page through contacts (keyset)', querystring: listContactsQuery } }, async (request) =>
    service.listContacts({ ctx, actor: actorOf(request), query: request.query }),
  );
  app.post('/api/v1/contacts', { schema: { tags, summary: 'Create a contact', body: createContactBody } }, async (request, reply) => {
    reply.status(201);
    return service.createContact({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/contacts/duplicates', { schema: { tags, summary: 'Groups of contacts sharing a normalised email or phone' } }, async (request) =>
    findDuplicateContacts({ ctx, actor: actorOf(request) }),
  );
  app.get('/api/v1/contacts/:id', { schema: { tags, summary: 'Get a contact', params: idParam } }, async (request) =>
    service.getContact({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/contacts/:id', { schema: { tags, summary: 'Change a contact (only the fields given; custom values merge, null clears)', params: idParam, body: updateContactBody } }, async (request) =>
    service.updateContact({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/contacts/:id', { schema: { tags, summary: 'Delete a contact', params: idParam } }, async (request, reply) => {
    await service.deleteContact({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.post('/api/v1/contacts/:id/tags', { schema: { tags, summary: 'Add tags to a contact', params: idParam, body: addTagsBody } }, async (request) =>
    service.addContactTags({ ctx, actor: actorOf(request), id: request.params.id, tags: request.body.tags }),
  );
  app.delete('/api/v1/contacts/:id/tags/:tag', { schema: { tags, summary: 'Remove a tag from a contact', params: idParam.extend({ tag: z.string().min(1).max(100) }) } }, async (request) =>
    service.removeContactTag({ ctx, actor: actorOf(request), id: request.params.id, tag: request.params.tag }),
  );
  app.post('/api/v1/contacts/:id/merge', { schema: { tags, summary: 'Merge a duplicate into this contact (the duplicate is removed)', params: idParam, body: mergeBody } }, async (request) =>
    mergeContacts({ ctx, actor: actorOf(request), survivorId: request.params.id, duplicateId: request.body.duplicateId }),
  );
  app.get('/api/v1/contacts/:id/timeline', { schema: { tags, summary: "The contact's timeline, newest first", params: idParam, querystring: z.object(pageQuery) } }, async (request) => {
    const actor = actorOf(request);
    await service.getContact({ ctx, actor, id: request.params.id });
    return listTimeline({ ctx, actor, subject: { contactId: request.params.id }, ...request.query });
  });
}
