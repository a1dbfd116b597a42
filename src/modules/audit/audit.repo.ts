import { jsonb, type Executor } from '../../db/executor.js';
import type { Actor } from '../auth/permissions.js';

export interface AuditEntry {
  entity: string;
  entityId: number | null;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Written in the same transaction as the change it describes, so the log cannot miss one. */
export async function insertAudit(db: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await insertAuditMany(db, actor, [entry]);
}

export async function insertAuditMany(db: Executor, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        workspace_id: actor.workspaceId,
        actor_user_id: actor.userId,
        actor_api_key_id: actor.apiKeyId,
        actor_label: actor.label,
        entity: e.entity,
        entity_id: e.entityId,
        action: e.action,
        before: e.before === undefined ? null : jsonb(e.before),
        after: e.after === undefined ? null : jsonb(e.after),
      })),
    )
    .execute();
}

export interface AuditQuery {
  workspaceId: number;
  limit: number;
  beforeId?: number;
  entity?: string;
  entityId?: number;
}

/** Newest first, keyset on id (audit_ws_idx / audit_entity_idx). */
export function listAudit(db: Executor, q: AuditQuery) {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'a.actor_user_id', 'u.name as actor_name', 'a.actor_label', 'a.entity', 'a.entity_id', 'a.action', 'a.before', 'a.after', 'a.created_at'])
    .where('a.workspace_id', '=', q.workspaceId);
  if (q.entity) query = query.where('a.entity', '=', q.entity);
  if (q.entityId !== undefined) query = query.where('a.entity_id', '=', q.entityId);
  if (q.beforeId !== undefined) query = query.where('a.id', '<', q.beforeId);
  return query.orderBy('a.id', 'desc').limit(q.limit + 1).execute();
}
