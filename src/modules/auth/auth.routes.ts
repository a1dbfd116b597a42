import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import { actorOf, type App } from '../../http/types.js';
import { loginBody, setupBody } from './auth.schema.js';
import * as service from './auth.service.js';

export function authRoutes(app: App, ctx: AppContext): void {
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(service.SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.PUBLIC_URL?.startsWith('https://') ?? false,
      maxAge: ctx.config.SESSION_DAYS * 86_400,
    });

  app.get('/api/v1/setup', { config: { public: true }, schema: { tags: ['auth'], summary: 'Whether first-run setup is still needed' } }, async () => ({
    needed: await service.isSetupNeeded({ ctx }),
  }));

  app.post(
    '/api/v1/setup',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'First run: create the workspace and its owner, and log in', body: setupBody } },
    async (request, reply) => {
      const { user, workspace } = await service.setupWorkspace({ ctx, input: request.body });
      const token = await service.openSession({ ctx, workspaceId: workspace.id, userId: user.id });
      setCookie(reply, token).status(201);
      return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, workspace };
    },
  );

  app.post('/api/v1/auth/login', { config: { public: true }, schema: { tags: ['auth'], summary: 'Log in with email and password (sets a session cookie)', body: loginBody } }, async (request, reply) => {
    const { token, user } = await service.login({ ctx, ...request.body });
    setCookie(reply, token);
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
  });

  app.post('/api/v1/auth/logout', { config: { public: true }, schema: { tags: ['auth'], summary: 'End the current session' } }, async (request, reply) => {
    const token = request.cookies[service.SESSION_COOKIE];
    if (token) await service.logout({ ctx, token });
    reply.clearCookie(service.SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'], summary: 'The current user, workspace and permissions' } }, async (request) =>
    service.describeActor({ ctx, actor: actorOf(request) }),
  );
}
