import type { AppContext } from '../../context.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { listAudit } from './audit.repo.js';

export async function listAuditLog(options: {
  ctx: AppContext;
  actor: Actor;
  limit: number;
  cursor?: string;
  entity?: string;
  entityId?: number;
}) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'audit:read');
  const beforeId = decodeIdCursor(options.cursor);
  const rows = await listAudit(ctx.db, { workspaceId: actor.workspaceId, limit, beforeId, entity: options.entity, entityId: options.entityId });
  const page = pageOf(rows, limit, (r) => [r.id]);
  return {
    nextCursor: page.nextCursor,
    data: page.data.map((r) => ({
      id: r.id,
      actor: r.actor_user_id ? { id: r.actor_user_id, name: r.actor_name ?? '' } : null,
      actorLabel: r.actor_label,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      before: r.before,
      after: r.after,
      createdAt: r.created_at,
    })),
  };
}
