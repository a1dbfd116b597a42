import { sql, type SqlBool } from 'kysely';
import { jsonb, textArray, type Executor } from '../../db/executor.js';
import type { BulkStatus } from '../../db/schema.js';
import { fullTextMatch, hasTag } from '../../lib/list-filters.js';
import { compileRecordFilters } from '../../lib/list-filters.js';
import { CONTACT_FILTER_TABLE } from '../contacts/contact-filters.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import type { SegmentContactsQuery } from '../segments/segment-compiler.js';
import type { ContactQuery } from './bulk.schema.js';

/**
 * The SQL of bulk operations. An operation freezes its selection as an id array when it starts,
 * so what runs is what the user saw selected; batches are slices of that array, and each batch
 * statement is set-based (one UPDATE … FROM with a CTE for the timeline), never a row at a time.
 */

/** Ids as one jsonb parameter: no per-id placeholders, and both engines read it the same way. */
export const idArray = (ids: number[]) => sql`array(select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::bigint)`;

export interface Selecting {
  workspaceId: number;
  ids?: number[];
  query?: ContactQuery;
  searchNotes: boolean;
  defs: FieldDefinition[];
  segment?: SegmentContactsQuery;
}

/** The contacts a selection names, as the contacts list would show them (hidden deletes left out). */
export function selectionQuery(db: Executor, s: Selecting) {
  let q = db.selectFrom('contacts as c').select('c.id').where('c.workspace_id', '=', s.workspaceId).where('c.deleted_at', 'is', null);
  if (s.ids) q = q.where(sql<SqlBool>`c.id = any(${idArray(s.ids)})`);
  const f = s.query;
  if (f) {
    const match = fullTextMatch('c', f.q, s.searchNotes);
    if (match) q = q.where(match);
    if (f.tag) q = q.where(hasTag('c', f.tag));
    if (f.ownerId) q = q.where('c.owner_id', '=', f.ownerId);
    if (f.companyId) q = q.where('c.company_id', '=', f.companyId);
    if (f.filters.length) q = q.where((eb) => eb.and(compileRecordFilters(CONTACT_FILTER_TABLE, f.filters, s.defs)));
  }
  if (s.segment) q = q.where('c.id', 'in', s.segment);
  return q;
}

/**
 * Creates the operation with its selection frozen in the same statement (the ids never travel to
 * the application); `limit` caps the array one past the maximum, so an oversized selection is
 * detected without materialising all of it.
 */
export async function insertOperation(
  db: Executor,
  op: { workspaceId: number; actor: object; action: string; params: object; status: BulkStatus; selection: ReturnType<typeof selectionQuery>; limit: number },
): Promise<{ id: number; total: number }> {
  const ids = op.selection.orderBy('c.id').limit(op.limit);
  const { rows } = await sql<{ id: number; total: number }>`
    insert into bulk_operations (workspace_id, actor, action, params, contact_ids, total, status)
    select ${op.workspaceId}, ${jsonb(op.actor)}, ${op.action}, ${jsonb(op.params)}, a.ids, cardinality(a.ids), ${op.status}
      from (select array(${ids}) as ids) a
    returning id, total`.execute(db);
  return { id: Number(rows[0].id), total: Number(rows[0].total) };
}

export interface OperationRow {
  id: number;
  workspace_id: number;
  actor: Record<string, unknown>;
  action: string;
  params: Record<string, unknown>;
  total: number;
  processed: number;
  status: BulkStatus;
  result: Record<string, unknown>;
  undo_until: Date | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = ['id', 'workspace_id', 'actor', 'action', 'params', 'total', 'processed', 'status', 'result', 'undo_until', 'error', 'created_at', 'finished_at'] as const;

export function findOperation(db: Executor, workspaceId: number, id: number, lock = false): Promise<OperationRow | undefined> {
  let q = db.selectFrom('bulk_operations').select(COLUMNS).where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst() as Promise<OperationRow | undefined>;
}

/** The next slice of the frozen selection (1-based, inclusive array bounds). */
export async function operationIds(db: Executor, workspaceId: number, id: number, from: number, count: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select unnest(contact_ids[${from + 1}:${from + count}]) as id from bulk_operations where workspace_id = ${workspaceId} and id = ${id}`.execute(db);
  return rows.map((r) => Number(r.id));
}

export async function updateOperation(
  db: Executor,
  workspaceId: number,
  id: number,
  set: { status?: BulkStatus; processed?: number; result?: object; undo_until?: Date | null; error?: string | null; finished?: boolean },
): Promise<void> {
  await db
    .updateTable('bulk_operations')
    .set({
      ...(set.status ? { status: set.status } : {}),
      ...(set.processed !== undefined ? { processed: set.processed } : {}),
      ...(set.result ? { result: JSON.stringify(set.result) } : {}),
      ...(set.undo_until !== undefined ? { undo_until: set.undo_until } : {}),
      ...(set.error !== undefined ? { error: set.error } : {}),
      ...(set.finished ? { finished_at: new Date() } : {}),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

const count = async (q: { execute: (db: Executor) => Promise<{ rows: { n: number }[] }> }, db: Executor) => Number((await q.execute(db)).rows[0]?.n ?? 0);

/**
 * Adds tags to the batch's contacts that lack one of them, keeping each contact's tag order, and
 * writes a tag_added event per tag actually added. Plan: the batch ids drive a nested loop on the
 * contacts primary key; rows that already carry every tag are skipped (no dead tuple written).
 */
export function tagContacts(db: Executor, ws: number, ids: number[], tags: string[], actorUserId: number | null) {
  return count(sql<{ n: number }>`
    with b as (
      select c.id, array(select t from unnest(${textArray(tags)}) t where not t = any(c.tags)) as added
        from contacts c where c.workspace_id = ${ws} and c.id = any(${idArray(ids)}) and c.deleted_at is null and not c.tags @> ${textArray(tags)}
    ), u as (
      update contacts c set tags = c.tags || b.added, updated_at = now() from b where c.workspace_id = ${ws} and c.id = b.id returning c.id
    ), e as (
      insert into timeline_events (workspace_id, contact_id, kind, actor_user_id, data)
      select ${ws}, b.id, 'tag_added', ${actorUserId}, jsonb_build_object('tag', t) from b cross join unnest(b.added) t
    )
    select count(*)::int as n from u`, db);
}

/** Removes tags from the batch's contacts carrying any of them (GIN-free: the batch ids lead). */
export function untagContacts(db: Executor, ws: number, ids: number[], tags: string[], actorUserId: number | null) {
  return count(sql<{ n: number }>`
    with b as (
      select c.id, array(select t from unnest(c.tags) t where t = any(${textArray(tags)})) as removed
        from contacts c where c.workspace_id = ${ws} and c.id = any(${idArray(ids)}) and c.deleted_at is null and c.tags && ${textArray(tags)}
    ), u as (
      update contacts c set tags = array(select t from unnest(c.tags) t where not t = any(b.removed)), updated_at = now()
        from b where c.workspace_id = ${ws} and c.id = b.id returning c.id
    ), e as (
      insert into timeline_events (workspace_id, contact_id, kind, actor_user_id, data)
      select ${ws}, b.id, 'tag_removed', ${actorUserId}, jsonb_build_object('tag', t) from b cross join unnest(b.removed) t
    )
    select count(*)::int as n from u`, db);
}

/** Sets the owner where it differs, with the field_changed event a single edit writes. */
export function assignOwner(db: Executor, ws: number, ids: number[], ownerId: number | null, actorUserId: number | null) {
  return count(sql<{ n: number }>`
    with b as (
      select c.id, c.owner_id from contacts c
       where c.workspace_id = ${ws} and c.id = any(${idArray(ids)}) and c.deleted_at is null and c.owner_id is distinct from ${ownerId}::bigint
    ), u as (
      update contacts c set owner_id = ${ownerId}::bigint, updated_at = now() from b where c.workspace_id = ${ws} and c.id = b.id returning c.id
    ), e as (
      insert into timeline_events (workspace_id, contact_id, kind, actor_user_id, data)
      select ${ws}, b.id, 'field_changed', ${actorUserId}, jsonb_build_object('field', 'ownerId', 'before', b.owner_id, 'after', ${ownerId}::bigint) from b
    )
    select count(*)::int as n from u`, db);
}

export function addToStaticSegment(db: Executor, ws: number, segmentId: number, ids: number[]) {
  return count(sql<{ n: number }>`
    with i as (
      insert into segment_members (workspace_id, segment_id, contact_id)
      select ${ws}, ${segmentId}, c.id from contacts c where c.workspace_id = ${ws} and c.id = any(${idArray(ids)}) and c.deleted_at is null
      on conflict do nothing returning contact_id
    )
    select count(*)::int as n from i`, db);
}

/** Hides contacts until the undo window closes (or brings them back: `at` null). */
export function markDeleted(db: Executor, ws: number, ids: number[], at: Date | null) {
  return count(sql<{ n: number }>`
    with u as (
      update contacts set deleted_at = ${at} where workspace_id = ${ws} and id = any(${idArray(ids)})
         and ${at === null ? sql`deleted_at is not null` : sql`deleted_at is null`} returning id
    )
    select count(*)::int as n from u`, db);
}

/** Removes hidden contacts for good, with the company timeline note a single delete leaves. */
export function purgeContacts(db: Executor, ws: number, ids: number[], actorUserId: number | null) {
  return count(sql<{ n: number }>`
    with d as (
      delete from contacts where workspace_id = ${ws} and id = any(${idArray(ids)}) and deleted_at is not null
      returning id, company_id, full_name
    ), e as (
      insert into timeline_events (workspace_id, company_id, kind, actor_user_id, data)
      select ${ws}, d.company_id, 'contact_deleted', ${actorUserId}, jsonb_build_object('contactId', d.id, 'name', d.full_name) from d where d.company_id is not null
    )
    select count(*)::int as n from d`, db);
}

/** The frozen selection as a semi-join the contacts list takes (`c.id in (…)`), for an export of it. */
export function operationContacts(db: Executor, ws: number, id: number) {
  return db
    .selectFrom('contacts as c')
    .select('c.id as contact_id')
    .where('c.workspace_id', '=', ws)
    .where(sql<SqlBool>`exists (select 1 from bulk_operations o where o.workspace_id = ${ws} and o.id = ${id} and c.id = any(o.contact_ids))`);
}
