import { sql, type SqlBool } from 'kysely';
import { jsonb, textArray, type Executor } from '../../db/executor.js';
import type { CustomValues, DealStatus } from '../../db/schema.js';
import { keysetPage, type SortKey } from '../../lib/keyset.js';
import { compileRecordFilters, fullTextMatch, hasTag, type CustomFieldRef, type FilterTable, type RecordFilter } from '../../lib/list-filters.js';
import type { DealSort } from './deals.schema.js';

export interface DealRow {
  id: number;
  title: string;
  value: number;
  currency: string;
  expected_close_date: string | null;
  status: DealStatus;
  pipeline_id: number;
  pipeline_name: string;
  stage_id: number;
  stage_name: string;
  stage_probability: number;
  owner_id: number | null;
  owner_name: string | null;
  company_id: number | null;
  company_name: string | null;
  contacts: { id: number; fullName: string }[];
  tags: string[];
  custom: CustomValues;
  lost_reason_id: number | null;
  lost_reason_label: string | null;
  lost_note: string | null;
  won_at: Date | null;
  lost_at: Date | null;
  closed_at: Date | null;
  stage_entered_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface DealWrite {
  title?: string;
  value?: number;
  currency?: string;
  expected_close_date?: string | null;
  pipeline_id?: number;
  stage_id?: number;
  owner_id?: number | null;
  company_id?: number | null;
  tags?: string[];
  custom?: CustomValues;
}

/** Who may be seen: every deal, or only those a user owns (sales without salesSeeAllDeals). */
export type DealScope = { all: true } | { all: false; ownerId: number | null };

function toValues(w: DealWrite) {
  const { tags, custom, ...columns } = w;
  return { ...columns, ...(tags ? { tags: textArray(tags) } : {}), ...(custom ? { custom: jsonb(custom) } : {}) };
}

function baseSelect(db: Executor, workspaceId: number, scope: DealScope) {
  let q = db
    .selectFrom('deals as d')
    .innerJoin('pipelines as p', 'p.id', 'd.pipeline_id')
    .innerJoin('pipeline_stages as s', 's.id', 'd.stage_id')
    .leftJoin('users as u', 'u.id', 'd.owner_id')
    .leftJoin('companies as co', 'co.id', 'd.company_id')
    .leftJoin('lost_reasons as lr', 'lr.id', 'd.lost_reason_id')
    .select([
      'd.id', 'd.title', 'd.value', 'd.currency', 'd.expected_close_date', 'd.status', 'd.pipeline_id', 'p.name as pipeline_name',
      'd.stage_id', 's.name as stage_name', 's.probability as stage_probability', 'd.owner_id', 'u.name as owner_name',
      'd.company_id', 'co.name as company_name', 'd.tags', 'd.custom', 'd.lost_reason_id', 'lr.label as lost_reason_label', 'd.lost_note',
      'd.won_at', 'd.lost_at', 'd.closed_at', 'd.stage_entered_at', 'd.created_at', 'd.updated_at',
      sql<{ id: number; fullName: string }[]>`coalesce((select json_agg(json_build_object('id', c.id, 'fullName', c.full_name) order by c.id)
        from deal_contacts dc join contacts c on c.id = dc.contact_id where dc.deal_id = d.id), '[]'::json)`.as('contacts'),
    ])
    .where('d.workspace_id', '=', workspaceId);
  if (!scope.all) q = scope.ownerId ? q.where('d.owner_id', '=', scope.ownerId) : q.where(sql<SqlBool>`false`);
  return q;
}

export function findDeal(db: Executor, workspaceId: number, id: number, scope: DealScope = { all: true }): Promise<DealRow | undefined> {
  return baseSelect(db, workspaceId, scope).where('d.id', '=', id).executeTakeFirst() as Promise<DealRow | undefined>;
}

/** Locks the row for the rest of the transaction, so concurrent moves apply one after another. */
export function lockDeal(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('deals').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertDeal(db: Executor, workspaceId: number, w: DealWrite & { title: string; currency: string; pipeline_id: number; stage_id: number }): Promise<number> {
  const row = await db.insertInto('deals').values({ workspace_id: workspaceId, ...toValues(w), title: w.title, currency: w.currency, pipeline_id: w.pipeline_id, stage_id: w.stage_id }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDeal(db: Executor, workspaceId: number, id: number, w: DealWrite & { stage_entered_at?: Date }): Promise<void> {
  await db.updateTable('deals').set({ ...toValues(w), updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function setDealStatus(db: Executor, workspaceId: number, id: number, s: { status: DealStatus; lost_reason_id: number | null; lost_note: string | null; at: Date | null }) {
  await db
    .updateTable('deals')
    .set({
      status: s.status, lost_reason_id: s.lost_reason_id, lost_note: s.lost_note, closed_at: s.at, updated_at: new Date(),
      won_at: s.status === 'won' ? s.at : null, lost_at: s.status === 'lost' ? s.at : null,
      ...(s.status === 'open' ? { stage_entered_at: new Date() } : {}),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteDeal(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.deleteFrom('deals').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function existingContactIds(db: Executor, workspaceId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Makes the deal's contacts exactly `ids`. */
export async function setDealContacts(db: Executor, workspaceId: number, dealId: number, ids: number[]): Promise<void> {
  let del = db.deleteFrom('deal_contacts').where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId);
  if (ids.length) del = del.where('contact_id', 'not in', ids);
  await del.execute();
  if (ids.length) {
    await db.insertInto('deal_contacts').values(ids.map((contact_id) => ({ deal_id: dealId, contact_id, workspace_id: workspaceId })))
      .onConflict((oc) => oc.columns(['deal_id', 'contact_id']).doNothing()).execute();
  }
}

const FILTER_TABLE: FilterTable = {
  alias: 'd',
  fields: {
    title: { kind: 'text', column: 'title' },
    currency: { kind: 'text', column: 'currency' },
    expectedCloseDate: { kind: 'date', column: 'expected_close_date' },
    createdAt: { kind: 'timestamp', column: 'created_at' },
    updatedAt: { kind: 'timestamp', column: 'updated_at' },
    closedAt: { kind: 'timestamp', column: 'closed_at' },
  },
};

// Value and close date sort as fixed-width text, so one keyset cursor shape serves every sort.
const SORT_KEYS: Record<DealSort, SortKey> = {
  createdAt: { expr: sql`d.created_at`, cast: 'timestamptz' },
  updatedAt: { expr: sql`d.updated_at`, cast: 'timestamptz' },
  title: { expr: sql`lower(d.title)`, cast: 'text' },
  value: { expr: sql`to_char(d.value, 'FM000000000000.00')`, cast: 'text' },
  expectedCloseDate: { expr: sql`coalesce(d.expected_close_date::text, '9999-12-31')`, cast: 'text' },
};
export const dealSortKey = (sort: DealSort): SortKey => SORT_KEYS[sort];

export interface DealListQuery {
  workspaceId: number;
  scope: DealScope;
  limit: number;
  sort: DealSort;
  order: 'asc' | 'desc';
  after?: [string, number];
  q?: string;
  pipelineId?: number;
  stageId?: number;
  ownerId?: number;
  companyId?: number;
  contactId?: number;
  status?: DealStatus;
  tag?: string;
  filters: RecordFilter[];
  defs: CustomFieldRef[];
}

/**
 * One page of deals, keyset-paged on (sort key, id). Plan: a board column (stageId, status open,
 * sort createdAt desc) walks deals_board_idx from the cursor and stops after limit + 1 rows; the
 * table view walks deals_ws_{created,updated}_idx, other sorts sort the workspace's matches.
 */
/** The list's rows before sorting and paging (also counted by saved views). */
export function filteredDeals(db: Executor, q: Omit<DealListQuery, 'limit' | 'after' | 'sort' | 'order'>) {
  let query = baseSelect(db, q.workspaceId, q.scope);
  const match = fullTextMatch('d', q.q, false);
  if (match) query = query.where(match);
  if (q.pipelineId) query = query.where('d.pipeline_id', '=', q.pipelineId);
  if (q.stageId) query = query.where('d.stage_id', '=', q.stageId);
  if (q.ownerId) query = query.where('d.owner_id', '=', q.ownerId);
  if (q.companyId) query = query.where('d.company_id', '=', q.companyId);
  if (q.status) query = query.where('d.status', '=', q.status);
  if (q.tag) query = query.where(hasTag('d', q.tag));
  if (q.contactId) query = query.where(sql<SqlBool>`exists (select 1 from deal_contacts dc where dc.deal_id = d.id and dc.contact_id = ${q.contactId})`);
  if (q.filters.length) query = query.where((eb) => eb.and(compileRecordFilters(FILTER_TABLE, q.filters, q.defs)));
  return query;
}

export function listDealsPage(db: Executor, q: DealListQuery) {
  const query = filteredDeals(db, q);
  const page = keysetPage(query, { sort: SORT_KEYS[q.sort], id: sql`d.id`, order: q.order, after: q.after, limit: q.limit });
  return page.execute() as Promise<(DealRow & { sort_key: string })[]>;
}

/**
 * Count and total value of the open deals per stage and currency: an index-only scan of
 * deals_board_idx (value, currency and owner are included), one pass for the whole board.
 */
export function boardTotals(db: Executor, workspaceId: number, stageIds: number[], ownerId: number | null | undefined) {
  if (stageIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('deals')
    .select(['stage_id', 'currency', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(value)`.as('total')])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'open')
    .where('stage_id', 'in', stageIds);
  if (ownerId !== undefined) q = ownerId === null ? q.where(sql<SqlBool>`false`) : q.where('owner_id', '=', ownerId);
  return q.groupBy(['stage_id', 'currency']).orderBy('stage_id').orderBy('currency').execute();
}
