import { sql, type CompiledQuery } from 'kysely';
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

/**
 * The object presentContact() makes, built by the database: row_to_json prints compact JSON
 * (no spaces) with the keys in this order, ids as numbers, `birthday` as YYYY-MM-DD, and the
 * times as JavaScript's toISOString() prints them (UTC, milliseconds, "Z"). `custom` is jsonb,
 * printed by jsonb's output (`{"a": 1}`: a space after ':' and ','), the one byte-level difference.
 */
const presented = sql`(select row_to_json(r)::text from (select
  p.id, p.first_name as "firstName", p.last_name as "lastName", p.full_name as "fullName", p.email, p.phone,
  p.job_title as "jobTitle", p.birthday, p.company_id as "companyId",
  case when p.company_id is not null then ('{"id":' || p.company_id || ',"name":' || to_json(coalesce(p.company_name, ''))::text || '}')::json end as company,
  p.owner_id as "ownerId",
  case when p.owner_id is not null then ('{"id":' || p.owner_id || ',"name":' || to_json(coalesce(p.owner_name, ''))::text || '}')::json end as owner,
  p.tags, p.custom,
  to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
  to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt") r)`;

/**
 * The statement of one page: the keyset page of contacts.repo (limit + 1 rows), each row printed
 * as JSON by `presented`, joined into one array text of the first `limit` rows, with the last
 * row's keys for the next cursor. Values are the query's own or Slots.
 */
function pageStatement(db: Executor, q: ContactListQuery, v: ContactPageValues) {
  const page = contactsPageQuery(db, q, v);
  const sort = CONTACT_SORT_KEYS[q.sort];
  const planOnce = isPlainListing(q);
  const dir = sql.raw(q.order);
  const limit = planOnce ? sql.lit(q.limit) : sql`${q.limit}::int`;
  // 51 rows re-sorted by their own keys: row n is the page's last when row limit + 1 exists.
  const statement = sql<{ data: string | null; more: boolean; last_key: string | null; last_id: number | null }>`
    select '[' || coalesce(string_agg(j.row, ',' order by j.n) filter (where j.n <= ${limit}), '') || ']' as data,
      count(*) > ${limit} as more, max(j.sort_key) filter (where j.n = ${limit}) as last_key, max(j.id) filter (where j.n = ${limit}) as last_id
    from (select row_number() over (order by (p.sort_key)::${sql.raw(sort.cast)} ${dir}, p.id ${dir}) as n, p.id, p.sort_key, ${presented} as row
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
