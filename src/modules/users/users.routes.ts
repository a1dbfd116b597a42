import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, baseUrlOf, idParam, pageQuery, type App } from '../../http/types.js';
import { setSessionCookie } from '../auth/session-cookie.js';
import { acceptInviteBody, inviteBody, updateUserBody } from './users.schema.js';
import * as invites from './invites.service.js';
import * as service from './users.service.js';

export function usersRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/users', { schema: { tags: ['users'], summary: 'List the users of the workspace', querystring: z.object(pageQuery) } }, async (request) =>
    service.listUsers({ ctx, actor: actorOf(request), ...request.query }),
  );

  app.patch('/api/v1/users/:id', { schema: { tags: ['users'], summary: "Change a user's name, role or disabled flag", params: idParam, body: updateUserBody } }, async (request) =>
    service.updateUser({ ctx, actor: actorOf(request), userId: request.params.id, input: request.body }),
  );

  app.post('/api/v1/users/invites', { schema: { tags: ['users'], summary: 'Invite a user by link (valid 7 days)', body: inviteBody } }, async (request, reply) => {
    reply.status(201);
    return service.inviteUser({ ctx, actor: actorOf(request), ...request.body, baseUrl: baseUrlOf(request, ctx.config.PUBLIC_URL) });
  });

  const tokenParam = z.object({ token: z.string().min(10).max(500) });
  app.get('/api/v1/invites/:token', { config: { public: true }, schema: { tags: ['users'], summary: 'Look up an invite by its signed token', params: tokenParam } }, async (request) =>
    service.getInvite({ ctx, token: request.params.token }),
  );

  app.post('/api/v1/invites/accept', { config: { public: true, sameOrigin: true }, schema: { tags: ['users'], summary: 'Accept an invite: create the user and log in', body: acceptInviteBody } }, async (request, reply) => {
    const { token, user } = await service.acceptInvite({ ctx, ...request.body });
    setSessionCookie(ctx, request, reply, token).status(201);
    return { user };
  });

  app.get('/api/v1/roles', { schema: { tags: ['users'], operationId: 'listRoles', summary: 'The roles, each with a one-line description of what it can do' } }, async () => invites.listRoles());

  app.get(
    '/api/v1/users/invites',
    { schema: { tags: ['users'], operationId: 'listInvites', summary: 'Pending invites, newest first (keyset)', description: 'Invites neither accepted nor revoked; `expired` ones can be resent.', querystring: z.object(pageQuery) } },
    async (request) => invites.listInvites({ ctx, actor: actorOf(request), ...request.query }),
  );
  app.post(
    '/api/v1/users/invites/:id/resend',
    { schema: { tags: ['users'], operationId: 'resendInvite', summary: 'A new link for a pending invite, valid 7 more days', description: 'The previous link stops working.', params: idParam } },
    async (request) => invites.resendInvite({ ctx, actor: actorOf(request), id: request.params.id, baseUrl: baseUrlOf(request, ctx.config.PUBLIC_URL) }),
  );
  app.delete(
    '/api/v1/users/invites/:id',
    { schema: { tags: ['users'], operationId: 'revokeInvite', summary: 'Revoke a pending invite', description: 'Its link stops working at once.', params: idParam } },
    async (request) => invites.revokeInvite({ ctx, actor: actorOf(request), id: request.params.id }),
  );
}
