import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, pageQuery, type App } from '../../http/types.js';
import { listAuditLog } from './audit.service.js';

export function auditRoutes(app: App, ctx: AppContext): void {
  const query = z.object({
    ...pageQuery,
    entity: z.string().max(50).optional().describe('contact, company, user, custom_field, …'),
    entityId: z.coerce.number().int().positive().optional(),
  });
  app.get('/api/v1/audit-log', { schema: { tags: ['audit'], summary: 'Every change: who, when, what, before and after (owners and admins)', querystring: query } }, async (request) =>
    listAuditLog({ ctx, actor: actorOf(request), ...request.query }),
  );
}
