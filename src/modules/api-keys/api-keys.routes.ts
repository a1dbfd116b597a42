import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { roleSchema } from '../auth/auth.schema.js';
import * as service from './api-keys.service.js';

export function apiKeysRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/api-keys', { schema: { tags: ['api-keys'], summary: 'List active API keys (tokens are never shown again)' } }, async (request) =>
    service.listApiKeys({ ctx, actor: actorOf(request) }),
  );

  const body = z.object({ name: z.string().trim().min(1).max(100), role: roleSchema.default('admin') });
  app.post('/api/v1/api-keys', { schema: { tags: ['api-keys'], summary: 'Create an API key; the token is returned once', body } }, async (request, reply) => {
    reply.status(201);
    return service.createApiKey({ ctx, actor: actorOf(request), ...request.body });
  });

  app.delete('/api/v1/api-keys/:id', { schema: { tags: ['api-keys'], summary: 'Revoke an API key', params: idParam } }, async (request, reply) => {
    await service.revokeApiKey({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
}
