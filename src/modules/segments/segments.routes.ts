import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { contactMergeHooks } from '../contacts/contacts-merge.service.js';
import { createSegmentBody, previewSegmentBody, segmentPageQuery, snapshotSegmentBody, updateSegmentBody } from './segments.schema.js';
import * as service from './segments.service.js';
import { moveMemberships } from './segments.repo.js';
import { checkTreeShape } from './segment-bounds.js';

/** Refuses a tree nested or sized past the bounds before zod's recursive parse can overflow the stack. */
async function boundedTree(request: { body: unknown }) {
  const body = request.body as { tree?: unknown } | null;
  if (body && typeof body === 'object' && 'tree' in body) checkTreeShape(body.tree);
}

export function segmentsRoutes(app: App, ctx: AppContext): void {
  // Static memberships follow a merged contact to the survivor (registered once per process).
  if (!contactMergeHooks.includes(moveMemberships)) contactMergeHooks.push(moveMemberships);
  const tags = ['segments'];
  app.post('/api/v1/segments/preview', { schema: { tags, summary: 'Count and first contacts of a condition tree, without saving it', body: previewSegmentBody }, preValidation: boundedTree }, async (request) =>
    service.previewSegment({ ctx, actor: actorOf(request), input: request.body }),
  );
  app.get('/api/v1/segments/event-kinds', { schema: { tags, summary: 'Event kinds and properties your role may use in conditions (custom.<name> events too)' } }, async (request) =>
    service.listEventKinds({ ctx, actor: actorOf(request) }),
  );
  app.get('/api/v1/segments/builder-options', {
    schema: { tags, operationId: 'listSegmentBuilderOptions', summary: 'Tracked event names (with property names seen on their latest events) and product categories, for the condition pickers' },
  }, async (request) => service.listBuilderOptions({ ctx, actor: actorOf(request) }));
  app.get('/api/v1/segments', { schema: { tags, summary: 'List segments', querystring: segmentPageQuery } }, async (request) =>
    service.listSegments({ ctx, actor: actorOf(request), ...request.query }),
  );
  app.post('/api/v1/segments', { schema: { tags, summary: 'Save a segment (static: members are frozen now)', body: createSegmentBody }, preValidation: boundedTree }, async (request, reply) => {
    reply.status(201);
    return service.createSegment({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/segments/:id', { schema: { tags, summary: 'Get a segment', params: idParam } }, async (request) =>
    service.getSegment({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/segments/:id', { schema: { tags, summary: 'Rename a segment or change its conditions', params: idParam, body: updateSegmentBody }, preValidation: boundedTree }, async (request) =>
    service.updateSegment({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/segments/:id', { schema: { tags, summary: 'Delete a segment no other segment uses', params: idParam } }, async (request, reply) => {
    await service.deleteSegment({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.get('/api/v1/segments/:id/count', { schema: { tags, summary: 'How many contacts match now', params: idParam } }, async (request) =>
    service.countSegment({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.get('/api/v1/segments/:id/contacts', { schema: { tags, summary: 'Matching contacts, keyset-paged by id', params: idParam, querystring: segmentPageQuery } }, async (request) =>
    service.listSegmentContacts({ ctx, actor: actorOf(request), id: request.params.id, ...request.query }),
  );
  app.post('/api/v1/segments/:id/snapshot', { schema: { tags, summary: 'Freeze the current members into a new static segment', params: idParam, body: snapshotSegmentBody } }, async (request, reply) => {
    reply.status(201);
    return service.snapshotSegment({ ctx, actor: actorOf(request), id: request.params.id, input: request.body });
  });
}
