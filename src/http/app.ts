import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { isMigrated } from '../db/migrate.js';
import { registerModuleRoutes } from './routes.js';
import { installAuth } from './auth-hook.js';
import { installErrorHandler } from './error-handler.js';
import { constantSecurityHeaders, docsHelmet, securityHeaders } from './security-headers.js';
import { spaPage } from './spa.js';
import { installInputGuard } from './input-guard.js';
import { installIdempotency } from './idempotency.js';
import { finishDocument } from './openapi/document.js';
import type { App } from './types.js';

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** A hop count trusts that many proxies in front of us (Fastify's typings lack the number form). */
function trustProxyOption(value: boolean | number | string[]) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

export async function buildApp(ctx: AppContext, options: { serveWeb?: boolean } = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: 5 * 1024 * 1024,
    // Forwarded headers (client address, https, host) are believed only behind a proxy we were told of.
    trustProxy: trustProxyOption(ctx.config.TRUST_PROXY),
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const sendSpa = options.serveWeb && existsSync(`${WEB_DIST}index.html`) ? spaPage(WEB_DIST) : undefined;
  installErrorHandler(app, { sendSpa });

  // Security headers on every response; a route relaxes them with its `helmet` option
  // (security-headers.ts: framableBy() for pages other sites may frame).
  await app.register(helmet, securityHeaders(ctx.config));
  // The JSON API (/api/v1/) sends the same headers as constants (constantSecurityHeaders), unless
  // a route sets its own; they are written before any other hook can answer, as helmet's are.
  const apiHeaders = constantSecurityHeaders(ctx.config);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, helmet: docsHelmet(ctx.config) } as typeof route.config;
    else if (route.url.startsWith('/api/v1/') && (route.config as { helmet?: unknown } | undefined)?.helmet === undefined) {
      route.config = { ...route.config, helmet: { skipRoute: true }, constantHeaders: true } as typeof route.config;
    }
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.constantHeaders) apiHeaders(reply.raw);
    done();
  });
  // Per-route limits only (the login route); in-process counters.
  await app.register(rateLimit, { global: false });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rapport API', version: '1', description: 'CRM, email service, help desk and eCRM. Authenticate with the session cookie or `Authorization: Bearer <api key>`. Errors are `{ "error": { "code", "message", "details" } }`; validation errors name the field in `details.fields[].path`. Every POST accepts an `Idempotency-Key` header (1–255 visible ASCII characters, e.g. a UUID): a repeat with the same key and body within 24 hours returns the first answer (`Idempotent-Replayed: true`) and changes nothing; the same key with another body is refused with 422, and a repeat while the first request still runs gets 409 (`POST /transactional` keeps its own record; see there).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'rapport_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => finishDocument(jsonSchemaTransformObject(input), { serverUrl: (ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/+$/, '') }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installAuth(app, ctx);
  installInputGuard(app);
  installIdempotency(app, ctx);

  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness: ok once migrations have run' } }, async (_request, reply) => {
    if (!(await isMigrated(ctx.db))) return reply.status(503).send({ status: 'migrating' });
    return { status: 'ok' };
  });

  registerModuleRoutes(app, ctx);

  if (sendSpa) {
    // index.html is sent by spaPage (it carries a per-response nonce), the rest as static files.
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, globIgnore: ['index.html'] });
    app.get('/', { schema: { hide: true } }, async (_request, reply) => sendSpa(reply));
  }
  return app;
}
