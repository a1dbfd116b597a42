import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { publicBase } from '../audience/public-url.js';
import { rejectedEvent } from '../events/events.schema.js';
import { CollectWriter } from './collect-writer.js';
import { collectEvents, loadCollectKey } from './collect.service.js';
import { snippetSource } from './snippet.js';

const BODY_LIMIT = 256 * 1024;
const config = { public: true };
// @fastify/helmet builds its middleware anew on every request (a tenth of a beacon's CPU): these
// routes answer JSON and JavaScript only, so they send the same four headers as constants.
const helmet = false as const;
const securityHeaders = (https: boolean) => ({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  ...(https ? { 'strict-transport-security': `max-age=${180 * 86_400}` } : {}),
});
const tags = ['collect'];
// Per client address (COLLECT_RATE_LIMIT_PER_MINUTE), in memory: a flood costs no database work.
const rateLimitOf = (max: number) => ({
  max,
  timeWindow: 60_000,
  errorResponseBuilder: (_request: FastifyRequest, limit: { ttl: number }) => new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; try again later', { retryAfter: Math.ceil(limit.ttl / 1000) }),
});
const privacySignal = (request: FastifyRequest) => request.headers['sec-gpc'] === '1' || request.headers.dnt === '1';

/**
 * The website snippet (/t.js) and the endpoint it sends to (/t/collect). Public: the write key
 * names the workspace, the page's Origin must be on the key's allow-list, requests are limited
 * per address in memory (no database round trip), and accepted events are committed before the
 * answer, concurrent requests sharing one write (collect-writer.ts). Closing the app waits for
 * the writes in flight.
 */
export function collectRoutes(app: App, ctx: AppContext): void {
  const writer = new CollectWriter(ctx);
  const rateLimit = rateLimitOf(ctx.config.COLLECT_RATE_LIMIT_PER_MINUTE);
  writers.set(ctx, writer);
  app.addHook('onClose', async () => writer.settled());
  app.register(async (scope: App) => {
    // sendBeacon posts text/plain (a "simple" request: no preflight); its body is JSON.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError(ErrorCode.VALIDATION, 'The body must be JSON'), undefined);
      }
    });
    const headers = securityHeaders(ctx.config.PUBLIC_URL?.startsWith('https://') ?? false);
    scope.addHook('onSend', async (request, reply, payload) => {
      reply.headers(headers).header('cross-origin-resource-policy', 'cross-origin');
      const origin = request.headers.origin;
      if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'origin');
      return payload;
    });

    scope.get('/t.js', {
      helmet,
      config: { ...config, rateLimit },
      schema: { tags, operationId: 'getTrackingSnippet', summary: 'The tracking snippet for a write key (JavaScript)', querystring: z.object({ k: z.string().min(1).max(60).describe('The write key') }) },
    }, async (request, reply) => {
      const key = await loadCollectKey(ctx, request.query.k);
      reply.type('text/javascript; charset=utf-8');
      if (!key) return reply.status(404).header('cache-control', 'no-store').send('/* Rapport: unknown or revoked write key */\n');
      const source = snippetSource({ key: request.query.k, endpoint: `${publicBase(ctx.config)}/t/collect`, honorPrivacySignals: key.honor_privacy_signals, requireConsent: key.require_consent });
      return reply.header('cache-control', 'public, max-age=300').send(source);
    });
    scope.options('/t/collect', { helmet, config, schema: { hide: true } }, async (_request, reply) =>
      reply.header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '86400').status(204).send(),
    );
    scope.post('/t/collect', {
      helmet,
      bodyLimit: BODY_LIMIT,
      config: { ...config, rateLimit },
      schema: {
        tags, operationId: 'collectEvents', summary: 'Events from the snippet (write key, origin allow-list)',
        description: 'Body (JSON, sent as text/plain by sendBeacon): `{ "k": "<write key>", "b": [events] }`, at most 100 events, each as in POST /api/v1/events. 202: the good events are stored (committed before the answer) and the bad ones listed; 204: the browser sent Global Privacy Control or Do Not Track and the key honours them (nothing recorded). 401 unknown key, 403 origin not allowed, 413 too many events, 429 too many requests from this address, or too many events waiting to be written (Retry-After).',
        body: z.object({ k: z.string().max(100), b: z.array(z.unknown()) }),
        response: { 202: z.object({ accepted: z.number().int(), rejected: z.array(rejectedEvent) }), 204: z.null().describe('Nothing recorded (privacy signal)') },
      },
    }, async (request, reply) => {
      const result = await collectEvents(ctx, writer, { writeKey: request.body.k, origin: request.headers.origin, privacySignal: privacySignal(request), events: request.body.b });
      if (result.ignored) return reply.status(204).send(null);
      return reply.status(202).send({ accepted: result.accepted, rejected: result.rejected });
    });
  });
}

const writers = new WeakMap<AppContext, CollectWriter>();

/** The app's collect writer (tests: its backlog). */
export const collectWriterOf = (ctx: AppContext): CollectWriter | undefined => writers.get(ctx);

/** Waits for the collect writes in flight (a request is answered once its own write committed). */
export async function settleCollected(ctx: AppContext): Promise<void> {
  await writers.get(ctx)?.settled();
}
