import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { prepared } from '../../db/prepared.js';
import { keysetPage, type SortKey } from '../../lib/keyset.js';
import { hasLowerTag, toPrefixTsQuery, tsQueryMatch } from '../../lib/list-filters.js';
import { recordValues } from '../../lib/record-values.js';
import type { CustomValues } from '../../db/schema.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { compileFilters } from './contact-filters.js';
import type { ContactFilter, ContactSort } from './contacts.schema.js';
import type { SegmentContactsQuery } from '../segments/segment-compiler.js';

export interface ContactRow {
  id: number;
  first_name: string;
  last_name: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  birthday: string | null;
  company_id: number | null;
  company_name: string | null;
  owner_id: number | null;
  owner_name: string | null;
  tags: string[];
  custom: CustomValues;
  created_at: Date;
  updated_at: Date;
}

/** Columns a contact is written with; the normalised keys are derived by the service. */
export interface ContactWrite {
  first_name?: string;
  last_name?: string;
  email?: string | null;
  email_normalized?: string | null;
  phone?: string | null;
  phone_normalized?: string | null;
  job_title?: string | null;
  birthday?: string | null;
  company_id?: number | null;
  owner_id?: number | null;
  tags?: string[];
  custom?: CustomValues;
}


function baseSelect(db: Executor, workspaceId: number) {
  return contactColumns(db, workspaceId)
    .leftJoin('companies as co', 'co.id', 'c.company_id')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .select(['co.name as company_name', 'u.name as owner_name']);
}

/** baseSelect without the company and owner names (contacts-list.repo.ts looks them up per page row). */
function contactColumns(db: Executor, workspaceId: number) {
  return db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.first_name', 'c.last_name', 'c.full_name', 'c.email', 'c.phone', 'c.job_title', 'c.birthday', 'c.company_id', 'c.owner_id', 'c.tags', 'c.custom', 'c.created_at', 'c.updated_at'])
    .where('c.workspace_id', '=', workspaceId);
}

export function findContact(db: Executor, workspaceId: number, id: number): Promise<ContactRow | undefined> {
  return baseSelect(db, workspaceId).where('c.id', '=', id).executeTakeFirst() as Promise<ContactRow | undefined>;
}

export function findContactsByIds(db: Executor, workspaceId: number, ids: number[]): Promise<ContactRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return baseSelect(db, workspaceId).where('c.id', 'in', ids).orderBy('c.id').execute() as Promise<ContactRow[]>;
}

/** Locks the row for the rest of the transaction, so concurrent edits apply one after another. */
export function lockContact(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertContact(db: Executor, workspaceId: number, w: ContactWrite): Promise<number> {
  const row = await db.insertInto('contacts').values({ workspace_id: workspaceId, ...recordValues(w) }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateContact(db: Executor, workspaceId: number, id: number, w: ContactWrite): Promise<void> {
  await db.updateTable('contacts').set({ ...recordValues(w), updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteContact(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export function findContactIdByEmail(db: Executor, workspaceId: number, email: string, exceptId?: number) {
  let q = db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where(sql<SqlBool>`lower(email) = ${email.toLowerCase()}`);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

/**
 * The contact with this email, or a new one with these names: one statement (a mail or a chat
 * from a new sender costs one round trip, not a lookup and an insert). Plan: contacts_email_key
 * for the lookup. The new row brings its own search document, so the PL/pgSQL search trigger is
 * skipped. If a concurrent transaction inserted the same email first, nothing is inserted and
 * no row comes back from it: the second lookup then sees the committed contact.
 */
export async function findOrInsertContactByEmail(db: Executor, workspaceId: number, c: { email: string; firstName: string; lastName: string }) {
  const email = c.email.toLowerCase();
  const statement = prepared(sql<{ id: number; company_id: number | null; created: boolean }>`
    with found as (
      select id, company_id from contacts where workspace_id = ${workspaceId} and lower(email) = ${email}
    ), made as (
      insert into contacts (workspace_id, email, email_normalized, first_name, last_name, search)
      select ${workspaceId}::bigint, ${email}::text, ${email}::text, ${c.firstName}::text, ${c.lastName}::text,
        contact_search_document(${c.firstName}::text, ${c.lastName}::text, ${email}::text, null, null, null, null)
      where not exists (select 1 from found)
      on conflict (workspace_id, lower(email)) where email is not null do nothing
      returning id, company_id
    )
    select id, company_id, false as created from found union all select id, company_id, true as created from made`);
  const row = (await statement.execute(db)).rows[0];
  if (row) return { id: Number(row.id), companyId: row.company_id === null ? null : Number(row.company_id), created: row.created };
  const raced = await db.selectFrom('contacts').select(['id', 'company_id']).where('workspace_id', '=', workspaceId).where(sql<SqlBool>`lower(email) = ${email}`).executeTakeFirstOrThrow();
  return { id: raced.id, companyId: raced.company_id, created: false };
}

export async function existingIds(db: Executor, table: 'companies' | 'users', workspaceId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  // A user belongs to a workspace through a membership (migration 0017), not users.workspace_id.
  if (table === 'users') {
    const members = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', 'in', ids).execute();
    return new Set(members.map((r) => r.user_id));
  }
  const rows = await db.selectFrom(table).select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export const CONTACT_SORT_KEYS: Record<ContactSort, SortKey> = {
  name: { expr: sql`lower(c.full_name)`, cast: 'text' },
  email: { expr: sql`lower(coalesce(c.email, ''))`, cast: 'text' },
  createdAt: { expr: sql`c.created_at`, cast: 'timestamptz' },
  updatedAt: { expr: sql`c.updated_at`, cast: 'timestamptz' },
};

export interface ContactListQuery {
  workspaceId: number;
  limit: number;
  sort: ContactSort;
  order: 'asc' | 'desc';
  after?: [string, number];
  q?: string;
  searchNotes: boolean;
  tag?: string;
  ownerId?: number;
  companyId?: number;
  filters: ContactFilter[];
  defs: FieldDefinition[];
  /** From segmentContactIds: only contacts it selects (a semi-join on contacts.id). */
  segment?: SegmentContactsQuery;
  only?: SegmentContactsQuery;
}

/** Page sizes of the web app and of typical integrations: their plain listings are planned once. */
const PLANNED_PAGE_SIZES = new Set([1, 10, 20, 25, 50, 100]);

/**
 * A listing without search, tag, owner, company, filters or segment, at a common page size. Its
 * plan (walk the sort index from the cursor) does not depend on any value, so it runs on one
 * generic plan: re-planning cost more than the page (EXPLAIN ANALYZE: 1.2 ms planning, 0.8 ms
 * execution on PGlite). A search or tag keeps per-value plans, since how many rows match decides
 * between walking the sort index and a GIN scan with a sort.
 */
export function isPlainListing(q: ContactListQuery): boolean {
  return !q.q && !q.tag && !q.ownerId && !q.companyId && !q.filters.length && !q.segment && !q.only && PLANNED_PAGE_SIZES.has(q.limit);
}

/**
 * The values a page query binds. contacts-list.repo.ts compiles a query once with placeholders
 * in their place, so they are taken as given: `tsq` from toPrefixTsQuery, `tag` lower case.
 */
export interface ContactPageValues {
  workspaceId: unknown;
  tsq: unknown;
  tag: unknown;
  ownerId: unknown;
  companyId: unknown;
  after?: [unknown, unknown];
}

export const pageValuesOf = (q: ContactListQuery): ContactPageValues => ({
  workspaceId: q.workspaceId, tsq: q.q ? toPrefixTsQuery(q.q) : null, tag: q.tag?.toLowerCase(), ownerId: q.ownerId, companyId: q.companyId, after: q.after,
});

/**
 * One page of contacts, keyset-paged on (sort expression, id): `limit + 1` rows of baseSelect
 * with their sort key, for pageOf. `v` holds the values (pageValuesOf) or placeholders for them.
 * Plan: without `q` PostgreSQL walks contacts_ws_{name,email,created,updated}_idx in order from
 * the cursor and stops after `limit + 1` matching rows, so page N costs what page 1 costs. With
 * `q` it bitmap-scans the GIN index on `search` (and `notes_search`) and sorts the matches.
 */
export function contactsPageQuery(db: Executor, q: ContactListQuery, v: ContactPageValues, options: { names?: false } = {}) {
  // Without names the page is the contacts rows only; names are then looked up for the page's rows alone.
  let query = (options.names === false ? contactColumns(db, v.workspaceId as number) : baseSelect(db, v.workspaceId as number)) as ReturnType<typeof contactColumns>;
  if (v.tsq !== null && v.tsq !== undefined) query = query.where(tsQueryMatch('c', v.tsq, q.searchNotes));
  if (q.tag) query = query.where(hasLowerTag('c', v.tag));
  if (q.ownerId) query = query.where('c.owner_id', '=', v.ownerId as number);
  if (q.companyId) query = query.where('c.company_id', '=', v.companyId as number);
  if (q.filters.length) query = query.where((eb) => eb.and(compileFilters(eb as never, q.filters, q.defs)));
  if (q.segment) query = query.where('c.id', 'in', q.segment);
  if (q.only) query = query.where('c.id', 'in', q.only);
  // A bulk delete's contacts stay hidden through its undo window (partial index: rarely any).
  query = query.where('c.deleted_at', 'is', null);
  const after = q.after && v.after ? (v.after as [string, number]) : undefined;
  return keysetPage(query, { sort: CONTACT_SORT_KEYS[q.sort], id: sql`c.id`, order: q.order, after, limit: q.limit, literalLimit: isPlainListing(q) });
}

/** One page of contacts (contactsPageQuery), as rows. */
export async function listContactsPage(db: Executor, q: ContactListQuery): Promise<(ContactRow & { sort_key: string })[]> {
  const page = contactsPageQuery(db, q, pageValuesOf(q));
  const sort = CONTACT_SORT_KEYS[q.sort];
  // The page comes back as one json value: on PGlite, decoding 50 rows × 17 columns in its
  // JavaScript protocol parser cost 1.2 ms of a 2.9 ms page; JSON.parse of one string is native.
  // The aggregate orders by the page's own keys (the sort key cast back to its type, then id).
  const dir = sql.raw(q.order);
  const statement = sql<{ page: string }>`
    select coalesce(json_agg(p order by (p.sort_key)::${sql.raw(sort.cast)} ${dir}, p.id ${dir}), '[]')::text as page from (${page}) p`;
  // Without filters or a segment the text is one of a few hundred (sort, order, which of q, tag,
  // owner, company, cursor are given), kept prepared per connection. Only the plain listing is
  // planned once (isPlainListing); the others are re-planned per run with their values.
  const { rows } = await (q.filters.length || q.segment ? statement : prepared(statement)).execute(db);
  return (JSON.parse(rows[0].page) as (ContactRow & { sort_key: string })[]).map((r) => ({ ...r, created_at: new Date(r.created_at), updated_at: new Date(r.updated_at) }));
}

/** Groups of contacts sharing a normalised email or phone (indexed by contacts_*_norm_idx). */
export async function findDuplicateGroups(db: Executor, workspaceId: number, limit: number) {
  const { rows } = await sql<{ reason: 'email' | 'phone'; key: string; ids: number[] }>`
    (select 'email' as reason, email_normalized as key, json_agg(id order by id) as ids
       from contacts where workspace_id = ${workspaceId} and email_normalized is not null
      group by email_normalized having count(*) > 1 order by email_normalized limit ${limit})
    union all
    (select 'phone' as reason, phone_normalized as key, json_agg(id order by id) as ids
       from contacts where workspace_id = ${workspaceId} and phone_normalized is not null
      group by phone_normalized having count(*) > 1 order by phone_normalized limit ${limit})`.execute(db);
  return rows;
}

export async function moveNotes(db: Executor, workspaceId: number, fromContactId: number, toContactId: number) {
  await db.updateTable('notes').set({ contact_id: toContactId }).where('workspace_id', '=', workspaceId).where('contact_id', '=', fromContactId).execute();
}
