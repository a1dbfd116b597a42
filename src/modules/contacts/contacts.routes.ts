import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, pageQuery, type App } from '../../http/types.js';
import { listTimeline } from '../timeline/timeline.service.js';
import { findDuplicateCandidates, findDuplicateContacts } from './contacts-duplicates.service.js';
import { mergeContacts } from './contacts-merge.service.js';
import { addTagsBody, createContactBody, duplicatesQuery, listContactsQuery, mergeBody, updateContactBody } from './contacts.schema.js';
import * as service from './contacts.service.js';

export function contactsRoutes(app: App, ctx: AppContext): void {
  const tags = ['contacts'];
  app.get('/api/v1/contacts', { schema: { tags, summary: 'Search, filter, sort and page through contacts (keyset)', querystring: listContactsQuery } }, async (request, reply) =>
    // Already JSON (listContactsJson): sent as is, with the type JSON.stringify's answer has.
    reply.type('application/json; charset=utf-8').send(await service.listContactsJson({ ctx, actor: actorOf(request), query: request.query })),
  );
  app.post('/api/v1/contacts', { schema: { tags, summary: 'Create a contact', body: createContactBody } }, async (request, reply) => {
    reply.status(201);
    return service.createContact({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/contacts/duplicates', { schema: { tags, summary: 'Groups of contacts sharing a normalised email or phone' } }, async (request) =>
    findDuplicateContacts({ ctx, actor: actorOf(request) }),
  );
  app.get('/api/v1/contacts/duplicate-candidates', {
    schema: { tags, operationId: 'listDuplicateCandidates', summary: 'Pairs of likely duplicates, best first, each with a score and its reasons', querystring: duplicatesQuery,
      description: 'Exact (same normalised email or phone) and fuzzy (same name and company, same name, trigram-similar names) candidates. Bounded: at most `limit` pairs; the fuzzy pass looks at the workspace’s 5,000 newest contacts.' },
  }, async (request) => findDuplicateCandidates({ ctx, actor: actorOf(request), limit: request.query.limit }));
  app.get('/api/v1/contacts/:id', { schema: { tags, summary: 'Get a contact, with the secondary emails and phones kept from merges', params: idParam } }, async (request) =>
    service.getContactDetail({ ctx, actor: actorOf(request), id: request.params.id }),
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
    mergeContacts({ ctx, actor: actorOf(request), survivorId: request.params.id, duplicateId: request.body.duplicateId, pick: request.body.pick }),
  );
  app.get('/api/v1/contacts/:id/timeline', { schema: { tags, summary: "The contact's timeline, newest first", params: idParam, querystring: z.object(pageQuery) } }, async (request) => {
    const actor = actorOf(request);
    await service.getContact({ ctx, actor, id: request.params.id });
    return listTimeline({ ctx, actor, subject: { contactId: request.params.id }, ...request.query });
  });
}
