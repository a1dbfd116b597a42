import { CompiledQuery, sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { ViewEntity } from './views.schema.js';

export interface ViewRow {
  id: number;
  user_id: number | null;
  entity: ViewEntity;
  name: string;
  shared: boolean;
  config: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = ['id', 'user_id', 'entity', 'name', 'shared', 'config', 'created_at', 'updated_at'] as const;

/** The views a user may pick: their own and the shared ones (saved_views_ws_idx; a few per user). */
export function listViews(db: Executor, ws: number, userId: number | null, entity: ViewEntity): Promise<ViewRow[]> {
  return db.selectFrom('saved_views').select(COLUMNS).where('workspace_id', '=', ws).where('entity', '=', entity)
    .where((eb) => eb.or([eb('shared', '=', true), eb('user_id', '=', userId)]))
    .orderBy(sql`lower(name)`).orderBy('id').limit(200).execute() as Promise<ViewRow[]>;
}

export function findView(db: Executor, ws: number, id: number): Promise<ViewRow | undefined> {
  return db.selectFrom('saved_views').select(COLUMNS).where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst() as Promise<ViewRow | undefined>;
}

export function findViewByName(db: Executor, ws: number, entity: ViewEntity, userId: number | null, name: string, exceptId?: number) {
  let q = db.selectFrom('saved_views').select('id').where('workspace_id', '=', ws).where('entity', '=', entity)
    .where(sql<SqlBool>`user_id is not distinct from ${userId}`).where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

export async function insertView(db: Executor, ws: number, v: { userId: number | null; entity: ViewEntity; name: string; shared: boolean; config: object }) {
  const row = await db.insertInto('saved_views')
    .values({ workspace_id: ws, user_id: v.userId, entity: v.entity, name: v.name, shared: v.shared, config: JSON.stringify(v.config) })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateView(db: Executor, ws: number, id: number, v: { name?: string; shared?: boolean; config?: object }) {
  await db.updateTable('saved_views').set({
    ...(v.name !== undefined ? { name: v.name } : {}), ...(v.shared !== undefined ? { shared: v.shared } : {}),
    ...(v.config ? { config: JSON.stringify(v.config) } : {}), updated_at: new Date(),
  }).where('workspace_id', '=', ws).where('id', '=', id).execute();
}

export async function deleteView(db: Executor, ws: number, id: number) {
  await db.deleteFrom('saved_views').where('workspace_id', '=', ws).where('id', '=', id).execute();
}

/**
 * The total a list shows. Counting stops one row past `cap` (a LIMIT inside the count), so an
 * exact count never reads more than cap rows; past it the planner's row estimate for the same
 * query is given instead, labelled as one. EXPLAIN works alike on PostgreSQL and PGlite; its
 * estimate comes from the table statistics (pg_class.reltuples and column histograms), so it
 * is never below the cap we know was passed.
 */
export async function countRows<DB, TB extends keyof DB, O>(db: Executor, query: SelectQueryBuilder<DB, TB, O>, cap: number): Promise<{ count: number; estimated: boolean }> {
  const bounded = query.clearSelect().select(sql`1`.as('one')).limit(cap + 1);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${bounded}) x`.execute(db);
  const exact = Number(rows[0].n);
  if (exact <= cap) return { count: exact, estimated: false };
  const compiled = query.clearSelect().select(sql`1`.as('one')).compile();
  const plan = await db.executeQuery(CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]));
  const cell = Object.values(plan.rows[0] as Record<string, unknown>)[0];
  const parsed = (typeof cell === 'string' ? JSON.parse(cell) : cell) as { Plan: { 'Plan Rows': number } }[];
  return { count: Math.max(cap + 1, Math.round(parsed[0].Plan['Plan Rows'])), estimated: true };
}
