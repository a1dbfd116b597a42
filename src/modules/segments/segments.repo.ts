import { sql, type SqlBool } from 'kysely';
import { jsonb, type Executor } from '../../db/executor.js';
import { prepared } from '../../db/prepared.js';
import type { CustomFieldType, SegmentKind } from '../../db/schema.js';
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

export interface WorkspaceCatalogue {
  fields: { entity: 'contact' | 'company'; key: string; type: CustomFieldType; options: unknown }[];
  userIds: number[];
  segments: { id: number; name: string; kind: SegmentKind; tree: unknown }[];
  listIds: number[];
}

/** Which parts of the catalogue a compile needs; a part left out comes back empty. */
export type CataloguePart = 'fields' | 'users' | 'segments' | 'lists';
export const ALL_PARTS: ReadonlySet<CataloguePart> = new Set(['fields', 'users', 'segments', 'lists']);

/**
 * What the compiler needs to know about a workspace (custom fields, user, segment and list ids),
 * in one round trip: every count and page compiles first, and on PGlite five small queries in a
 * row cost more than a selective count itself. Each part reads its table's workspace index, and
 * only when asked for: a part's flag is a one-time filter, so a part not needed is not read.
 * The text is fixed, so on PostgreSQL it is planned once per connection.
 */
export async function loadCatalogue(db: Executor, workspaceId: number, parts: ReadonlySet<CataloguePart> = ALL_PARTS): Promise<WorkspaceCatalogue> {
  const want = (p: CataloguePart) => sql`${parts.has(p)}::boolean`;
  const { rows } = await prepared(sql<WorkspaceCatalogue>`select
    (select coalesce(json_agg(json_build_object('entity', entity, 'key', key, 'type', type, 'options', options) order by entity, position, id), '[]') from custom_fields where workspace_id = ${workspaceId} and ${want('fields')}) as fields,
    (select coalesce(json_agg(id), '[]') from users where workspace_id = ${workspaceId} and ${want('users')}) as "userIds",
    (select coalesce(json_agg(json_build_object('id', id, 'name', name, 'kind', kind, 'tree', tree) order by id), '[]') from segments where workspace_id = ${workspaceId} and ${want('segments')}) as segments,
    (select coalesce(json_agg(id), '[]') from lists where workspace_id = ${workspaceId} and ${want('lists')}) as "listIds"`).execute(db);
  return rows[0];
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

/** Every dynamic segment of every workspace, for planning the shared segment indexes. */
export function listAllDynamicTrees(db: Executor) {
  return db.selectFrom('segments').select(['workspace_id', 'id', 'name', 'tree']).where('kind', '=', 'dynamic').orderBy('id').execute();
}

/** Contact custom fields that range and anniversary conditions may index, of every workspace. */
export function listIndexableFieldDefs(db: Executor) {
  return db.selectFrom('custom_fields').select(['workspace_id', 'key', 'type']).where('entity', '=', 'contact').where('type', 'in', ['number', 'date']).execute();
}

export interface IndexSpec {
  name: string;
  table: 'contacts' | 'timeline_events';
  /** The column list and predicate after `on <table>`. */
  definition: string;
}

const PG_NAME = 63; // PostgreSQL truncates longer identifiers, and reports them truncated

/**
 * An expression index for a custom field used in range conditions: the planner then reads one
 * index range instead of every contact's jsonb (equality and option conditions use `@>`, which
 * the GIN index contacts_custom_idx already serves). The expression is the compiler's (see
 * segment-predicates.ts) and cannot throw, so another workspace's values of the same key never
 * make a write fail. One index per key serves every workspace using that key. Null for a key
 * that is not a valid custom-field key (never build DDL from anything else).
 */
export function customFieldIndex(key: string, shape: 'number' | 'text' | 'monthday'): IndexSpec | null {
  if (!/^[a-z][a-z0-9_]{0,49}$/.test(key)) return null;
  const expr = {
    number: `(case when jsonb_typeof(custom -> '${key}') = 'number' then (custom ->> '${key}')::numeric end)`,
    text: `(custom ->> '${key}')`,
    monthday: `substr(custom ->> '${key}', 6, 5)`,
  }[shape];
  const name = `contacts_seg_${key}_${shape === 'monthday' ? 'md' : shape === 'number' ? 'num' : 'txt'}_idx`.slice(0, PG_NAME);
  return { name, table: 'contacts', definition: `(workspace_id, (${expr}))` };
}

/**
 * The same for an event property compared as a number ("purchase with amount > 400"): the
 * index range replaces reading every event of the kind to test its jsonb. Only for property
 * names matching EVENT_PROPERTY, whose expression the compiler inlines.
 */
export function eventPropertyIndex(property: string): IndexSpec | null {
  if (!EVENT_PROPERTY.test(property)) return null;
  const expr = `(case when jsonb_typeof(data -> '${property}') = 'number' then (data ->> '${property}')::numeric end)`;
  return { name: `timeline_prop_${property}_num_idx`.slice(0, PG_NAME), table: 'timeline_events', definition: `(workspace_id, kind, ${expr}) where contact_id is not null` };
}

/** Segment indexes that exist (named contacts_seg_* and timeline_prop_*), with their size. */
export async function listSegmentIndexes(db: Executor): Promise<{ name: string; table: string; bytes: number }[]> {
  const { rows } = await sql<{ name: string; table: string; bytes: number }>`
    select i.indexname as name, i.tablename as table, pg_relation_size(format('%I', i.indexname)::regclass) as bytes
    from pg_indexes i
    where i.schemaname = current_schema() and ((i.tablename = 'contacts' and i.indexname like 'contacts\_seg\_%') or (i.tablename = 'timeline_events' and i.indexname like 'timeline\_prop\_%'))
    order by i.indexname`.execute(db);
  return rows.map((r) => ({ ...r, bytes: Number(r.bytes) }));
}

/**
 * Operator commands only (rapport segments indexes): requests never run DDL. PostgreSQL builds
 * CONCURRENTLY (outside any transaction) so writers are not blocked; PGlite has one connection
 * and no concurrent builds.
 */
export async function createIndex(db: Executor, spec: IndexSpec, concurrently: boolean): Promise<void> {
  await sql.raw(`create index ${concurrently ? 'concurrently ' : ''}if not exists "${spec.name}" on ${spec.table} ${spec.definition}`).execute(db);
}

export async function dropIndex(db: Executor, name: string, concurrently: boolean): Promise<void> {
  if (!/^(contacts_seg_|timeline_prop_)[A-Za-z0-9_]+$/.test(name)) throw new Error(`"${name}" is not a segment index`);
  await sql.raw(`drop index ${concurrently ? 'concurrently ' : ''}if exists "${name}"`).execute(db);
}

export interface BuilderOptions {
  /** Tracked event names, with the property names seen on their latest events. */
  eventNames: { name: string; properties: string[] }[];
  /** Product categories, as written on the products. */
  categories: string[];
}

/**
 * What the builder offers in its pickers (issue 12 §6). Event names are distinct over the
 * custom-event half of web_events, read as a loose index scan: one `name > previous … limit 1`
 * probe of web_events_name_idx (workspace_id, name, occurred_at) per name and month partition,
 * never a scan of the events; each name's property names come from its 50 latest events (a
 * backward range of the same index). Categories read products_category_idx.
 */
export async function loadBuilderOptions(db: Executor, workspaceId: number, maxNames = 200): Promise<BuilderOptions> {
  const { rows } = await sql<{ name: string; properties: string[] | null }>`with recursive names (name, depth) as (
      (select e.name, 1 from web_events e where e.workspace_id = ${workspaceId} and e.page = false order by e.name limit 1)
      union all
      select (select e.name from web_events e where e.workspace_id = ${workspaceId} and e.page = false and e.name > n.name order by e.name limit 1), n.depth + 1
      from names n where n.name is not null and n.depth < ${maxNames})
    select n.name, (select array_agg(distinct k.key order by k.key) from (select e.properties from web_events e
        where e.workspace_id = ${workspaceId} and e.page = false and e.name = n.name order by e.occurred_at desc limit 50) s
        cross join lateral jsonb_object_keys(case when jsonb_typeof(s.properties) = 'object' then s.properties else '{}'::jsonb end) as k (key)) as properties
    from names n where n.name is not null order by n.name`.execute(db);
  const categories = await db.selectFrom('products').select('category').distinct().where('workspace_id', '=', workspaceId).where('category', 'is not', null)
    .orderBy('category').limit(500).execute();
  return { eventNames: rows.map((r) => ({ name: r.name, properties: r.properties ?? [] })), categories: categories.map((c) => c.category!) };
}
