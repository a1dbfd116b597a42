import type { AppContext } from '../../context.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { actorOf, type App } from '../../http/types.js';
import { loginBody, setupBody } from './auth.schema.js';
import * as service from './auth.service.js';
import { createLoginThrottle } from './login-throttle.js';
import { setSessionCookie } from './session-cookie.js';

/**
 * Login attempts per client address per minute, whatever the account (@fastify/rate-limit, in
 * process). Bounds guessing spread over many accounts; the failure counts in login-throttle.ts
 * bound guessing one account.
 */
export const LOGIN_ATTEMPTS_PER_MINUTE = 30;

export function authRoutes(app: App, ctx: AppContext): void {
  const throttle = createLoginThrottle();

  app.get('/api/v1/setup', { config: { public: true }, schema: { tags: ['auth'], summary: 'Whether first-run setup is still needed' } }, async () => ({
    needed: await service.isSetupNeeded({ ctx }),
  }));

  // The routes that set or clear the session cookie refuse cross-site browsers too (login CSRF).
  app.post(
    '/api/v1/setup',
    { config: { public: true, sameOrigin: true }, schema: { tags: ['auth'], summary: 'First run: create the workspace and its owner, and log in', body: setupBody } },
    async (request, reply) => {
      const { user, workspace } = await service.setupWorkspace({ ctx, input: request.body });
      const token = await service.openSession({ ctx, workspaceId: workspace.id, userId: user.id });
      setSessionCookie(ctx, request, reply, token).status(201);
      return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, workspace };
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        public: true,
        sameOrigin: true,
        rateLimit: {
          max: LOGIN_ATTEMPTS_PER_MINUTE,
          timeWindow: 60_000,
          errorResponseBuilder: (_request, limit) =>
            new AppError(ErrorCode.RATE_LIMITED, `Too many login attempts from your address; try again in ${limit.after}`, { retryAfter: Math.ceil(limit.ttl / 1000) }),
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password (sets a session cookie)',
        description: `429 with Retry-After after ${LOGIN_ATTEMPTS_PER_MINUTE} attempts a minute from one address, after 5 failures in 15 minutes for one account from one address, or (for addresses the account never logged in from) after 50 failures in an hour for the account.`,
        body: loginBody,
      },
    },
    async (request, reply) => {
      const { token, user } = await service.login({ ctx, ...request.body, client: request.ip, throttle });
      setSessionCookie(ctx, request, reply, token);
      return { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
    },
  );

  app.post('/api/v1/auth/logout', { config: { public: true, sameOrigin: true }, schema: { tags: ['auth'], summary: 'End the current session' } }, async (request, reply) => {
    const token = request.cookies[service.SESSION_COOKIE];
    if (token) await service.logout({ ctx, token });
    reply.clearCookie(service.SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'], summary: 'The current user, workspace and permissions' } }, async (request) =>
    service.describeActor({ ctx, actor: actorOf(request) }),
  );
}
