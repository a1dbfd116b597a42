import type { AppContext } from '../../context.js';
import { actorOf, type App } from '../../http/types.js';
import { updateWorkspaceBody } from './workspaces.schema.js';
import * as service from './workspaces.service.js';

export function workspacesRoutes(app: App, ctx: AppContext): void {
  const tags = ['workspace'];
  app.get('/api/v1/workspace', { schema: { tags, summary: "The workspace's name and settings (owner only)" } }, async (request) =>
    service.getWorkspace({ ctx, actor: actorOf(request) }),
  );
  app.patch('/api/v1/workspace', { schema: { tags, summary: 'Rename the workspace or change its settings (only the keys given)', body: updateWorkspaceBody } }, async (request) =>
    service.updateWorkspace({ ctx, actor: actorOf(request), input: request.body }),
  );
}
