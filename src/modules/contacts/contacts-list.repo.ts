import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { prepared } from '../../db/prepared.js';
import { CONTACT_SORT_KEYS, contactsPageQuery, isPlainListing, pageValuesOf, type ContactListQuery, type ContactPageValues } from './contacts.repo.js';

/** A page of contacts as the API sends it: `data` is the JSON array text, ready to send. */
export interface ContactsJsonPage {
  data: string;
  /** The sort key and id of the page's last row when there is a next page. */
  next: [string, number] | null;
}

/** A value bound at run time: compiled statements hold these in place of their parameters. */
class Slot {
  constructor(readonly name: keyof Values) {}
}
type Values = Required<Omit<ContactPageValues, 'after'>> & { afterKey: unknown; afterId: unknown };

const TIME = sql.lit('YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
/** A JSON value or null: JSON's own spelling of SQL null. */
const orNull = (value: RawBuilder<unknown>) => sql`coalesce(${value}, 'null')`;
/** `{"id":…,"name":…}` of a company or owner, its name looked up only when there is one. */
const named = (id: RawBuilder<unknown>, table: 'companies' | 'users') =>
  sql`case when ${id} is not null then '{"id":' || ${id}::text || ',"name":' || to_json(coalesce((select n.name from ${sql.table(table)} n where n.id = ${id}), ''))::text || '}' else 'null' end`;

/**
 * The object presentContact() makes, printed by the database as compact JSON with the keys in
 * this order, ids as numbers, `birthday` as YYYY-MM-DD, and the times as JavaScript's
 * toISOString() prints them (UTC, milliseconds, "Z"). Text goes through to_json (JSON's escaping,
 * as row_to_json's). `custom` is jsonb, printed by jsonb's output (`{"a": 1}`: a space after ':'
 * and ','), the one byte-level difference. Concatenation, not row_to_json over a sub-select: the
 * same bytes at 15–20 % less CPU per row, and the names are read by primary key for the page's
 * rows that have a company or owner, not joined into the keyset scan (the join to an owner-less
 * page's users cost as much as the rest of the row on PGlite).
 */
const FIELDS: [string, RawBuilder<unknown>][] = [
  ['id', sql`p.id::text`],
  ['firstName', sql`to_json(p.first_name)::text`],
  ['lastName', sql`to_json(p.last_name)::text`],
  ['fullName', sql`to_json(p.full_name)::text`],
  ['email', sql`to_json(p.email)::text`],
  ['phone', sql`to_json(p.phone)::text`],
  ['jobTitle', sql`to_json(p.job_title)::text`],
  ['birthday', sql`to_json(p.birthday)::text`],
  ['companyId', sql`p.company_id::text`],
  ['company', named(sql`p.company_id`, 'companies')],
  ['ownerId', sql`p.owner_id::text`],
  ['owner', named(sql`p.owner_id`, 'users')],
  ['tags', sql`to_json(p.tags)::text`],
  ['custom', sql`p.custom::text`],
  ['createdAt', sql`'"' || to_char(p.created_at at time zone 'UTC', ${TIME}) || '"'`],
  ['updatedAt', sql`'"' || to_char(p.updated_at at time zone 'UTC', ${TIME}) || '"'`],
];
const presented = sql`(${sql.join(FIELDS.map(([key, value], i) => sql`${sql.lit(`${i ? ',' : '{'}"${key}":`)} || ${orNull(value)}`), sql` || `)} || '}')`;

/**
 * The statement of one page: the keyset page of contacts.repo (limit + 1 rows, without the name
 * joins), each row printed as JSON by `presented`, joined into one array text of the first
 * `limit` rows, with the last row's keys for the next cursor. Values are the query's own or Slots.
 * Plan (EXPLAIN on both engines): the keyset index scan stops after limit + 1 rows; the window
 * numbers them in the order the page already has (its sort value and id are the window's keys,
 * so no Sort node); a name sub-select runs per page row with a company or owner (pkey lookups).
 */
function pageStatement(db: Executor, q: ContactListQuery, v: ContactPageValues) {
  const sort = CONTACT_SORT_KEYS[q.sort];
  const page = contactsPageQuery(db, q, v, { names: false }).select(sql`${sort.expr}`.as('sort_value'));
  const planOnce = isPlainListing(q);
  const dir = sql.raw(q.order);
  const limit = planOnce ? sql.lit(q.limit) : sql`${q.limit}::int`;
  // Row n is the page's last when row limit + 1 exists. Its key is printed as keysetPage prints
  // sort_key, for that row only (the planner drops the page's unused sort_key column).
  const statement = sql<{ data: string | null; more: boolean; last_key: string | null; last_id: number | null }>`
    select '[' || coalesce(string_agg(j.row, ',' order by j.n) filter (where j.n <= ${limit}), '') || ']' as data,
      count(*) > ${limit} as more, max((j.sort_value)::text) filter (where j.n = ${limit}) as last_key, max(j.id) filter (where j.n = ${limit}) as last_id
    from (select row_number() over (order by p.sort_value ${dir}, p.id ${dir}) as n, p.id, p.sort_value, ${presented} as row
      from (${page}) p) j`;
  // As listContactsPage: texts with filters or a segment are too many to keep prepared.
  return q.filters.length || q.segment || q.only ? statement : prepared(statement);
}

/** Which statement a query runs: queries of one shape differ only in their bound values. */
function shapeOf(q: ContactListQuery, searches: boolean): string | null {
  // Filters, segments and odd page sizes are built per request (their texts are many).
  if (q.filters.length || q.segment || q.only || !isPlainListing({ ...q, q: undefined, tag: undefined, ownerId: undefined, companyId: undefined })) return null;
  return [q.sort, q.order, q.limit, searches, searches && q.searchNotes, !!q.tag, !!q.ownerId, !!q.companyId, !!q.after].join();
}

const compiled = new Map<string, CompiledQuery>();

/**
 * One page of contacts as JSON text (the plan of listContactsPage in contacts.repo.ts). A common
 * shape is built and compiled by Kysely once per process and then only re-bound: building the
 * tree cost more than its statement on a page served from the plan cache.
 */
export async function listContactsJson(db: Executor, q: ContactListQuery): Promise<ContactsJsonPage> {
  const { after, ...given } = pageValuesOf(q);
  const values: Values = { ...given, afterKey: after?.[0], afterId: after?.[1] };
  const shape = shapeOf(q, values.tsq !== null);
  let query: CompiledQuery;
  if (shape === null) {
    query = pageStatement(db, q, { ...given, after }).compile(db);
  } else {
    let template = compiled.get(shape);
    if (!template) {
      const slot = (name: keyof Values) => new Slot(name);
      const slots = { workspaceId: slot('workspaceId'), tsq: values.tsq === null ? null : slot('tsq'), tag: slot('tag'), ownerId: slot('ownerId'), companyId: slot('companyId') };
      template = pageStatement(db, q, { ...slots, after: [slot('afterKey'), slot('afterId')] }).compile(db);
      compiled.set(shape, template);
    }
    query = { ...template, parameters: template.parameters.map((p) => (p instanceof Slot ? values[p.name] : p)) };
  }
  const { rows } = await db.executeQuery(query);
  const row = rows[0] as { data: string; more: boolean; last_key: string | null; last_id: number | string | null };
  return { data: row.data, next: row.more ? [row.last_key!, Number(row.last_id)] : null };
}
