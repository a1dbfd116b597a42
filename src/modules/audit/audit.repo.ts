import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { prepared } from '../../db/prepared.js';
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

/**
 * The entries go as one jsonb parameter, as timeline events do: one text for any number of
 * entries, so it is a prepared statement. `before`/`after` travel as JSON text, so an explicit
 * null is stored as JSON null and only a missing one as SQL NULL.
 */
export async function insertAuditMany(db: Executor, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v ?? null));
  const payload = JSON.stringify(entries.map((e) => ({ e: e.entity, i: e.entityId, a: e.action, b: json(e.before), f: json(e.after) })));
  await prepared(sql`insert into audit_log (workspace_id, actor_user_id, actor_api_key_id, actor_label, entity, entity_id, action, before, after)
    select ${actor.workspaceId}::bigint, ${actor.userId}::bigint, ${actor.apiKeyId}::bigint, ${actor.label}::text, x.e, x.i, x.a, x.b::jsonb, x.f::jsonb
      from jsonb_to_recordset(${payload}::jsonb) as x(e text, i bigint, a text, b text, f text)`).execute(db);
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

/** Where each audited kind of record keeps its name; kinds not listed are shown by id. */
const NAME_SOURCES: Record<string, { table: string; name: string }> = {
  contact: { table: 'contacts', name: `coalesce(nullif(trim(first_name || ' ' || last_name), ''), email)` },
  company: { table: 'companies', name: 'name' },
  deal: { table: 'deals', name: 'title' },
  campaign: { table: 'campaigns', name: 'name' },
  list: { table: 'lists', name: 'name' },
  segment: { table: 'segments', name: 'name' },
  form: { table: 'forms', name: 'name' },
  pipeline: { table: 'pipelines', name: 'name' },
  email_template: { table: 'email_templates', name: 'name' },
  custom_field: { table: 'custom_fields', name: 'label' },
  saved_view: { table: 'saved_views', name: 'name' },
  api_key: { table: 'api_keys', name: 'name' },
  inbox: { table: 'inboxes', name: 'name' },
  ticket: { table: 'tickets', name: 'subject' },
  activity: { table: 'activities', name: 'subject' },
};

/**
 * Today's names of the records a page of the log refers to, one query per kind on its primary
 * key (at most 50 ids). Users are named through their membership of this workspace.
 */
export async function recordNames(db: Executor, workspaceId: number, ids: Map<string, number[]>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [entity, list] of ids) {
    if (!list.length) continue;
    const rows = entity === 'user'
      ? await db.selectFrom('users as u').innerJoin('memberships as m', 'm.user_id', 'u.id')
        .select(['u.id', 'u.name']).where('m.workspace_id', '=', workspaceId).where('u.id', 'in', list).execute()
      : NAME_SOURCES[entity]
        ? (await sql<{ id: number; name: string | null }>`select id, ${sql.raw(NAME_SOURCES[entity].name)} as name from ${sql.table(NAME_SOURCES[entity].table)}
            where workspace_id = ${workspaceId} and id in (${sql.join(list)})`.execute(db)).rows
        : [];
    for (const r of rows) if (r.name) out.set(`${entity}:${r.id}`, r.name);
  }
  return out;
}
