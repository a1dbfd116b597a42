import type { AppContext } from '../../context.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { listAudit, recordNames } from './audit.repo.js';

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
  const live = await liveNames(ctx, actor.workspaceId, page.data);
  return {
    nextCursor: page.nextCursor,
    data: page.data.map((r) => ({
      id: r.id,
      actor: r.actor_user_id ? { id: r.actor_user_id, name: r.actor_name ?? '' } : null,
      actorLabel: r.actor_label,
      entity: r.entity,
      entityId: r.entity_id,
      entityName: snapshotName(r.before, r.after) ?? live.get(`${r.entity}:${r.entity_id}`) ?? null,
      action: r.action,
      before: r.before,
      after: r.after,
      createdAt: r.created_at,
    })),
  };
}

type Snapshot = Record<string, unknown> | null;

/** The record's name as the entry itself recorded it (after a change, else before it). */
export function snapshotName(before: unknown, after: unknown): string | null {
  for (const snap of [after, before] as Snapshot[]) {
    if (!snap || typeof snap !== 'object' || Array.isArray(snap)) continue;
    const person = [snap.firstName, snap.lastName].filter((v) => typeof v === 'string' && v).join(' ');
    for (const v of [snap.title, snap.name, snap.fullName, person, snap.label, snap.subject, snap.email]) {
      if (typeof v === 'string' && v.trim()) return v.trim();
    }
  }
  return null;
}

/**
 * Today's names of the records whose entries recorded none (bulk and merge entries carry no full
 * snapshot). An entry that did record one keeps it, so a deleted or renamed record shows the name it had then.
 */
async function liveNames(ctx: AppContext, workspaceId: number, rows: { entity: string; entity_id: number | null; before: unknown; after: unknown }[]) {
  const missing = new Map<string, number[]>();
  for (const r of rows) {
    if (r.entity_id !== null && !snapshotName(r.before, r.after)) missing.set(r.entity, [...(missing.get(r.entity) ?? []), r.entity_id]);
  }
  return recordNames(ctx.db, workspaceId, missing);
}
