import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, type App } from '../../http/types.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { hitRateCounter } from '../audience/rate-counters.js';
import { PROVIDERS } from './webhook-providers.js';
import { clearWebhookVerification, listWebhookUrls, setWebhookVerification } from './webhook-settings.service.js';
import { providerParam, webhookAnswer, webhookEntry, webhookVerificationBody } from './webhooks.schema.js';
import { receiveWebhook } from './webhooks.service.js';

/** Per workspace URL and minute: providers batch, so this is a flood wall, not a throttle. */
export const WEBHOOK_LIMIT_PER_MINUTE = 600;
const webhookParams = z.object({
  provider: z.enum(PROVIDERS).describe('Which email provider posts here'),
  token: z.string().min(10).max(200).describe('The signed part of the URL (its shared secret)'),
});
const tags = ['bounces'];

export function bouncesRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/email-webhooks', {
    schema: { tags, operationId: 'listEmailWebhooks', summary: 'Webhook URLs for Amazon SES (SNS), SendGrid, Postmark and Mailgun', description: 'Each URL holds a shared secret for this workspace and provider; paste it into the provider\'s console. `verifiedBy` says what else proves a call is the provider\'s. Needs sending:manage.', response: { 200: z.object({ data: z.array(webhookEntry) }) } },
  }, async (request) => ({ data: await listWebhookUrls({ ctx, actor: actorOf(request) }) }));
  app.put('/api/v1/email-webhooks/:provider', {
    schema: { tags, operationId: 'setEmailWebhookVerification', params: providerParam, body: webhookVerificationBody, response: { 200: webhookEntry },
      summary: 'Require the provider\'s signature (SendGrid key, Mailgun signing key), Postmark basic auth, or one SNS topic',
      description: 'Each provider takes only its own fields: sendgrid `publicKey`; mailgun `signingKey`; postmark `username` and `password`; ses `topicArn`. Secrets are write-only and stored encrypted. Needs sending:manage.' },
  }, async (request) => setWebhookVerification({ ctx, actor: actorOf(request), provider: request.params.provider, input: request.body }));
  app.delete('/api/v1/email-webhooks/:provider', {
    schema: { tags, operationId: 'clearEmailWebhookVerification', params: providerParam, summary: 'Back to the secret URL alone (SNS signatures are always checked)' },
  }, async (request, reply) => {
    await clearWebhookVerification({ ctx, actor: actorOf(request), provider: request.params.provider });
    return reply.status(204).send();
  });

  // Encapsulated: every body is kept as the exact bytes sent (SendGrid signs them; Amazon SNS
  // posts its JSON as text/plain), parsed by the service.
  app.register(async (scope: App) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
    scope.post('/api/v1/webhooks/email/:provider/:token', {
      config: { public: true },
      schema: {
        tags, operationId: 'receiveEmailWebhook', params: webhookParams, response: { 200: webhookAnswer },
        summary: 'Bounce and complaint events from an email provider',
        description: 'Normalised to the same bounces and complaints as DSNs: classified by reason, recorded, suppressed. Amazon SNS messages must carry a valid SNS signature; SendGrid, Mailgun and Postmark calls must carry their signature or basic auth once it is set up (PUT /api/v1/email-webhooks/{provider}). A malformed payload is a 400 naming the field; a wrong URL or signature a 401; a replayed call (spent nonce) a 409. Rate limited per workspace URL.',
      },
      preHandler: async (request) => {
        const limit = await hitRateCounter(ctx.db, { bucket: 'email-webhook', key: request.params.token.slice(-16), windowSeconds: 60, limit: WEBHOOK_LIMIT_PER_MINUTE });
        if (!limit.allowed) throw new AppError(ErrorCode.RATE_LIMITED, 'Too many webhook calls; try again later', { retryAfter: limit.retryAfter });
      },
    }, async (request) => {
      try {
        const rawBody = typeof request.body === 'string' ? request.body : '';
        return await receiveWebhook({ ctx, provider: request.params.provider, token: request.params.token, rawBody, headers: request.headers });
      } catch (err) {
        if (err instanceof AppError) request.log.warn({ provider: request.params.provider, code: err.code, message: err.message }, 'bounces: webhook refused');
        throw err;
      }
    });
  });
}
