import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { idempotencyHeaders, sendTransactionalBody } from './transactional.schema.js';
import { getTransactional, sendTransactional } from './transactional.service.js';

export function transactionalRoutes(app: App, ctx: AppContext): void {
  const tags = ['transactional'];
  app.post('/api/v1/transactional', {
    config: { ownIdempotency: true },
    schema: {
      tags, operationId: 'sendTransactional', summary: 'Send one transactional email from a template',
      description: 'On a priority lane that campaigns never delay. Skips the marketing send guard but not hard-bounce or complaint suppression (then status is `suppressed`). With Idempotency-Key, a repeated request answers 200 with the first message.',
      body: sendTransactionalBody, headers: idempotencyHeaders,
    },
  }, async (request, reply) => {
    const out = await sendTransactional({ ctx, actor: actorOf(request), input: request.body, idempotencyKey: request.headers['idempotency-key'] });
    reply.status(out.replayed ? 200 : 202);
    return out.message;
  });
  app.get('/api/v1/transactional/:id', {
    schema: { tags, operationId: 'getTransactional', summary: 'A transactional message and its delivery status', params: idParam },
  }, async (request) => getTransactional({ ctx, actor: actorOf(request), id: request.params.id }));
}
