import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { createTrackingKeyBody, trackingKeyOut, updateTrackingKeyBody } from './tracking-keys.schema.js';
import * as service from './tracking-keys.service.js';

export function trackingKeysRoutes(app: App, ctx: AppContext): void {
  const tags = ['collect'];
  app.get('/api/v1/tracking-keys', {
    schema: { tags, operationId: 'listTrackingKeys', summary: 'The tracking keys of the workspace, each with its snippet', response: { 200: z.object({ data: z.array(trackingKeyOut) }) } },
  }, async (request) => service.listTrackingKeys({ ctx, actor: actorOf(request) }));
  app.post('/api/v1/tracking-keys', {
    schema: { tags, operationId: 'createTrackingKey', summary: 'Create a tracking key (public write key, origin allow-list, privacy settings)', body: createTrackingKeyBody, response: { 201: trackingKeyOut } },
  }, async (request, reply) => reply.status(201).send(await service.createTrackingKey({ ctx, actor: actorOf(request), input: request.body })));
  app.patch('/api/v1/tracking-keys/:id', {
    schema: { tags, operationId: 'updateTrackingKey', summary: 'Change a tracking key’s name, origins or privacy settings', params: idParam, body: updateTrackingKeyBody, response: { 200: trackingKeyOut } },
  }, async (request) => service.updateTrackingKey({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }));
  app.delete('/api/v1/tracking-keys/:id', {
    schema: { tags, operationId: 'revokeTrackingKey', summary: 'Revoke a tracking key (its snippet stops recording)', params: idParam },
  }, async (request, reply) => {
    await service.revokeTrackingKey({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
}
