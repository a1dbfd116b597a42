import { sql, type SqlBool } from 'kysely';
import { jsonb, type Executor } from '../../db/executor.js';
import type { SegmentKind } from '../../db/schema.js';
import { EVENT_PROPERTY, type SegmentContactsQuery } from './segment-compiler.js';
import type { SegmentNode } from './segment-tree.schema.js';

const columns = ['id', 'name', 'description', 'kind', 'tree', 'tree_version', 'created_by', 'created_at', 'updated_at', 'last_count', 'last_counted_at'] as const;

export function findSegment(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('segments').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
export type SegmentRow = NonNullable<Awaited<ReturnType<typeof findSegment>>>;

/** Keyset by id; a workspace holds tens or hundreds of segments. */
export function listSegmentsPage(db: Executor, workspaceId: number, afterId: number | undefined, limit: number) {
  let q = db.selectFrom('segments').select(columns).where('workspace_id', '=', workspaceId);
  if (afterId) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit + 1).execute();
}

/** Every segment of the workspace (small), for segment-in-segment conditions and cycle checks. */
export function listSegmentTrees(db: Executor, workspaceId: number) {
  return db.selectFrom('segments').select(['id', 'name', 'kind', 'tree']).where('workspace_id', '=', workspaceId).execute();
}

export function userIdsOf(db: Executor, workspaceId: number) {
  return db.selectFrom('users').select('id').where('workspace_id', '=', workspaceId).execute();
}

export function findSegmentByName(db: Executor, workspaceId: number, name: string, exceptId?: number) {
  let q = db.selectFrom('segments').select('id').where('workspace_id', '=', workspaceId).where(sql<SqlBool>`lower(name) = ${name.toLowerCase()}`);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

export interface SegmentWrite {
  name: string;
  description: string | null;
  kind: SegmentKind;
  tree: SegmentNode;
  treeVersion: number;
  createdBy: number | null;
}

export async function insertSegment(db: Executor, workspaceId: number, w: SegmentWrite): Promise<number> {
  const row = await db
    .insertInto('segments')
    .values({ workspace_id: workspaceId, name: w.name, description: w.description, kind: w.kind, tree: jsonb(w.tree), tree_version: w.treeVersion, created_by: w.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSegment(db: Executor, workspaceId: number, id: number, patch: Partial<Pick<SegmentWrite, 'name' | 'description' | 'tree' | 'treeVersion'>>) {
  await db
    .updateTable('segments')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.tree !== undefined ? { tree: jsonb(patch.tree), tree_version: patch.treeVersion ?? 1 } : {}),
      updated_at: new Date(),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteSegment(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('segments').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/**
 * How many contacts match. The plan is the compiled query's: index range or GIN bitmap scans for
 * field and tag conditions, hash semi-joins for top-level behaviour, all under one count(*).
 * Dynamic segments are counted by segmentContactCount, which has a cheaper shape for
 * behaviour-only trees (segment-count.ts).
 */
export async function countContacts(db: Executor, query: SegmentContactsQuery): Promise<number> {
  const row = await db.selectFrom(query.as('s')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A keyset page of matching contact ids. Plan: walks contacts_ws_id_idx (workspace_id, id) from
 * the cursor and tests each contact (EXISTS probes on timeline_kind_idx), stopping after
 * `limit + 1` matches — cheap unless the segment is very sparse.
 */
export async function pageContactIds(query: SegmentContactsQuery, afterId: number | undefined, limit: number): Promise<number[]> {
  const q = afterId ? query.where('c.id', '>', afterId) : query;
  const rows = await q.orderBy('c.id').limit(limit + 1).execute();
  return rows.map((r) => r.contact_id);
}

export async function recordCount(db: Executor, workspaceId: number, id: number, count: number) {
  await db.updateTable('segments').set({ last_count: count, last_counted_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Freezes a static segment's membership in one INSERT … SELECT; returns how many. */
export async function insertMembers(db: Executor, workspaceId: number, segmentId: number, query: SegmentContactsQuery): Promise<number> {
  const result = await db
    .insertInto('segment_members')
    .columns(['workspace_id', 'segment_id', 'contact_id'])
    .expression(db.selectFrom(query.as('q')).select([sql<number>`${workspaceId}::bigint`.as('w'), sql<number>`${segmentId}::bigint`.as('s'), 'q.contact_id']))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Merge hook: the survivor joins every static segment the duplicate was in. */
export async function moveMemberships(db: Executor, workspaceId: number, fromId: number, toId: number) {
  await sql`insert into segment_members (workspace_id, segment_id, contact_id)
    select workspace_id, segment_id, ${toId}::bigint from segment_members where workspace_id = ${workspaceId} and contact_id = ${fromId}
    on conflict do nothing`.execute(db);
}

/**
 * An expression index for a custom field used in range conditions: the planner then reads one
 * index range instead of every contact's jsonb (equality and option conditions use `@>`, which
 * the GIN index contacts_custom_idx already serves). The expression is the compiler's (see
 * segment-predicates.ts) and cannot throw, so another workspace's values of the same key never
 * make a write fail. One index per key serves every workspace using that key.
 * PostgreSQL builds it CONCURRENTLY (outside any transaction) so writers are not blocked; PGlite
 * has a single connection and no concurrent builds, so it builds it plainly.
 */
export async function ensureCustomIndex(db: Executor, concurrently: boolean, key: string, shape: 'number' | 'text' | 'monthday'): Promise<void> {
  if (!/^[a-z][a-z0-9_]{0,49}$/.test(key)) return; // keys are validated at definition; never build DDL from anything else
  const expr = {
    number: `(case when jsonb_typeof(custom -> '${key}') = 'number' then (custom ->> '${key}')::numeric end)`,
    text: `(custom ->> '${key}')`,
    monthday: `substr(custom ->> '${key}', 6, 5)`,
  }[shape];
  const name = `contacts_seg_${key}_${shape === 'monthday' ? 'md' : shape === 'number' ? 'num' : 'txt'}_idx`;
  await sql.raw(`create index ${concurrently ? 'concurrently ' : ''}if not exists ${name} on contacts (workspace_id, (${expr}))`).execute(db);
}

/**
 * The same for an event property compared as a number ("purchase with amount > 400"): the
 * index range replaces reading every event of the kind to test its jsonb. Built only for
 * property names matching EVENT_PROPERTY.
 */
export async function ensureEventPropertyIndex(db: Executor, concurrently: boolean, property: string): Promise<void> {
  if (!EVENT_PROPERTY.test(property)) return;
  const expr = `(case when jsonb_typeof(data -> '${property}') = 'number' then (data ->> '${property}')::numeric end)`;
  await sql.raw(`create index ${concurrently ? 'concurrently ' : ''}if not exists "timeline_prop_${property}_num_idx" on timeline_events (workspace_id, kind, ${expr}) where contact_id is not null`).execute(db);
}
