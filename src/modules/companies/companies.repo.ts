import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { CustomValues } from '../../db/schema.js';
import { recordValues } from '../../lib/record-values.js';
import { keysetPage, type SortKey } from '../../lib/keyset.js';
import { compileRecordFilters, fullTextMatch, hasTag, type CustomFieldRef, type FilterTable } from '../../lib/list-filters.js';
import type { CompanySort, ListCompaniesQuery } from './companies.schema.js';

export interface CompanyRow {
  id: number;
  name: string;
  domain: string | null;
  phone: string | null;
  industry: string | null;
  owner_id: number | null;
  owner_name: string | null;
  tags: string[];
  custom: CustomValues;
  contact_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface CompanyWrite {
  name?: string;
  domain?: string | null;
  phone?: string | null;
  industry?: string | null;
  owner_id?: number | null;
  tags?: string[];
  custom?: CustomValues;
}

/** Companies with their owner's name and how many contacts they have (contacts_company_idx). */
function baseSelect(db: Executor, workspaceId: number) {
  return db
    .selectFrom('companies as co')
    .leftJoin('users as u', 'u.id', 'co.owner_id')
    .select([
      'co.id', 'co.name', 'co.domain', 'co.phone', 'co.industry', 'co.owner_id', 'u.name as owner_name', 'co.tags', 'co.custom', 'co.created_at', 'co.updated_at',
      sql<number>`(select count(*)::int from contacts x where x.workspace_id = co.workspace_id and x.company_id = co.id)`.as('contact_count'),
    ])
    .where('co.workspace_id', '=', workspaceId);
}

export function findCompany(db: Executor, workspaceId: number, id: number): Promise<CompanyRow | undefined> {
  return baseSelect(db, workspaceId).where('co.id', '=', id).executeTakeFirst() as Promise<CompanyRow | undefined>;
}

/** Locks the row for the rest of the transaction, so concurrent edits apply one after another. */
export function lockCompany(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('companies').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertCompany(db: Executor, workspaceId: number, w: CompanyWrite & { name: string }): Promise<number> {
  const row = await db.insertInto('companies').values({ workspace_id: workspaceId, ...recordValues(w), name: w.name }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A change of name also refreshes its contacts' search vectors (trigger companies_rename). */
export async function updateCompany(db: Executor, workspaceId: number, id: number, w: CompanyWrite): Promise<void> {
  await db.updateTable('companies').set({ ...recordValues(w), updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Its contacts stay, with company_id set to null; its notes and timeline go with it. */
export async function deleteCompany(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.deleteFrom('companies').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** The company fields a list filter may name. */
const FILTER_TABLE: FilterTable = {
  alias: 'co',
  fields: {
    name: { kind: 'text', column: 'name' },
    domain: { kind: 'text', column: 'domain' },
    phone: { kind: 'text', column: 'phone' },
    industry: { kind: 'text', column: 'industry' },
    createdAt: { kind: 'timestamp', column: 'created_at' },
    updatedAt: { kind: 'timestamp', column: 'updated_at' },
  },
};

const SORT_KEYS: Record<CompanySort, SortKey> = {
  name: { expr: sql`lower(co.name)`, cast: 'text' },
  createdAt: { expr: sql`co.created_at`, cast: 'timestamptz' },
  updatedAt: { expr: sql`co.updated_at`, cast: 'timestamptz' },
};
export const companySortKey = (sort: CompanySort): SortKey => SORT_KEYS[sort];

/** The list query as parsed, with the cursor decoded and what the service knows added. */
export type CompanyListQuery = Omit<ListCompaniesQuery, 'cursor'> & {
  workspaceId: number;
  after?: [string, number];
  searchNotes: boolean;
  defs: CustomFieldRef[];
};

/**
 * One page of companies, keyset-paged on (sort expression, id).
 * Plan: without `q`, sort=name walks companies_ws_name_idx and sort=updatedAt
 * companies_ws_updated_idx from the cursor; sort=createdAt has no index and sorts the
 * workspace's matches. With `q` the GIN index on `search` is used, but `notes_search` has none,
 * so a search by a role that reads notes scans the workspace's companies.
 */
/** The list's rows before sorting and paging (also counted by saved views). */
export function filteredCompanies(db: Executor, q: Omit<CompanyListQuery, 'limit' | 'after' | 'sort' | 'order'>) {
  let query = baseSelect(db, q.workspaceId);
  const match = fullTextMatch('co', q.q, q.searchNotes);
  if (match) query = query.where(match);
  if (q.tag) query = query.where(hasTag('co', q.tag));
  if (q.ownerId) query = query.where('co.owner_id', '=', q.ownerId);
  if (q.filters.length) query = query.where((eb) => eb.and(compileRecordFilters(FILTER_TABLE, q.filters, q.defs)));
  return query;
}

export function listCompaniesPage(db: Executor, q: CompanyListQuery) {
  const query = filteredCompanies(db, q);
  const page = keysetPage(query, { sort: SORT_KEYS[q.sort], id: sql`co.id`, order: q.order, after: q.after, limit: q.limit });
  return page.execute() as Promise<(CompanyRow & { sort_key: string })[]>;
}
