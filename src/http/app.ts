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
import { docsHelmet, securityHeaders } from './security-headers.js';
import { spaPage } from './spa.js';
import { installInputGuard } from './input-guard.js';
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
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, helmet: docsHelmet(ctx.config) } as typeof route.config;
  });
  // Per-route limits only (the login route); in-process counters.
  await app.register(rateLimit, { global: false });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Rapport API', version: '1', description: 'CRM, email service, help desk and eCRM. Authenticate with the session cookie or `Authorization: Bearer <api key>`. Errors are `{ "error": { "code", "message", "details" } }`; validation errors name the field in `details.fields[].path`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'rapport_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installAuth(app, ctx);
  installInputGuard(app);

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
