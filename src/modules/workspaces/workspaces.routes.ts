import type { AppContext } from '../../context.js';
import { actorOf, type App } from '../../http/types.js';
import { SESSION_COOKIE } from '../auth/auth.service.js';
import { createWorkspaceBody, switchWorkspaceBody, updateWorkspaceBody } from './workspaces.schema.js';
import * as memberships from './memberships.service.js';
import * as service from './workspaces.service.js';

export function workspacesRoutes(app: App, ctx: AppContext): void {
  const tags = ['workspace'];
  app.get('/api/v1/workspace', { schema: { tags, summary: "The workspace's name and settings (owner only)" } }, async (request) =>
    service.getWorkspace({ ctx, actor: actorOf(request) }),
  );
  app.patch('/api/v1/workspace', { schema: { tags, summary: 'Rename the workspace or change its settings (only the keys given)', body: updateWorkspaceBody } }, async (request) =>
    service.updateWorkspace({ ctx, actor: actorOf(request), input: request.body }),
  );
  app.get(
    '/api/v1/workspaces',
    { schema: { tags, operationId: 'listMyWorkspaces', summary: 'The workspaces the caller can act in', description: 'A user’s active memberships with the role held in each, and which one the session is in now. An API key belongs to exactly one workspace.' } },
    async (request) => memberships.listMyWorkspaces({ ctx, actor: actorOf(request) }),
  );
  app.post(
    '/api/v1/workspaces',
    { schema: { tags, operationId: 'createWorkspace', summary: 'Create another workspace (owners)', description: 'An empty workspace owned by the caller, or by `ownerId`, an active member of the current workspace. The session stays where it is; switch to the new one with POST /workspaces/switch.', body: createWorkspaceBody } },
    async (request, reply) => {
      reply.status(201);
      return memberships.createWorkspace({ ctx, actor: actorOf(request), ...request.body });
    },
  );
  app.post(
    '/api/v1/workspaces/switch',
    { schema: { tags, operationId: 'switchWorkspace', summary: 'Move the session to another of your workspaces', description: 'Later requests of this session act in that workspace with the role held there. Returns what GET /auth/me returns. 404 when the caller is not an active member.', body: switchWorkspaceBody } },
    async (request) => memberships.switchWorkspace({ ctx, actor: actorOf(request), sessionToken: request.cookies[SESSION_COOKIE], ...request.body }),
  );
}
