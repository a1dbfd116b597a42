import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { CustomValues } from '../../db/schema.js';
import type { ContactWrite } from './contacts.repo.js';

/**
 * The importer's contact writes: a batch of hundreds of rows in one statement each, with the
 * rows sent as one jsonb parameter (no per-row placeholders to bind and plan). Each statement
 * computes the search vector set-based — contact_search_document() with a join on companies —
 * so the per-row search trigger is skipped (migration 0007).
 */

/** What the importer needs of a stored contact: its id, the columns it diffs, and custom values to merge. */
export interface MatchedContact {
  id: number;
  email: string | null;
  first_name: string;
  last_name: string;
  phone: string | null;
  job_title: string | null;
  birthday: string | null;
  company_id: number | null;
  owner_id: number | null;
  tags: string[];
  custom: CustomValues;
}

/** Contacts of one batch matched by address, in one query (contacts_email_key on (workspace_id, lower(email))). */
export function findContactsByEmails(db: Executor, workspaceId: number, emails: string[]): Promise<MatchedContact[]> {
  if (emails.length === 0) return Promise.resolve([]);
  const lowered = [...new Set(emails.map((e) => e.toLowerCase()))];
  return db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.email', 'c.first_name', 'c.last_name', 'c.phone', 'c.job_title', 'c.birthday', 'c.company_id', 'c.owner_id', 'c.tags', 'c.custom'])
    .where('c.workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`lower(c.email) = any(array(select jsonb_array_elements_text(${JSON.stringify(lowered)}::jsonb)))`)
    .execute() as Promise<MatchedContact[]>;
}

const TEXT = ['first_name', 'last_name', 'email', 'email_normalized', 'phone', 'phone_normalized', 'job_title'] as const;
const search = (alias: string, company: string) =>
  sql.raw(`contact_search_document(${alias}.first_name, ${alias}.last_name, ${alias}.email, ${alias}.phone, ${alias}.phone_normalized, ${alias}.job_title, ${company}.name)`);

/**
 * Creates contacts in one INSERT … SELECT; ids come back in the order of `writes`. Identity
 * values are drawn in insertion order, which follows `order by r.i`, so sorting the returned ids
 * restores that order whatever order RETURNING uses.
 */
export async function insertContactsBulk(db: Executor, workspaceId: number, writes: ContactWrite[]): Promise<number[]> {
  if (writes.length === 0) return [];
  const payload = JSON.stringify(writes.map((w, i) => ({ ...w, i })));
  const { rows } = await sql<{ id: number }>`
    insert into contacts (workspace_id, first_name, last_name, email, email_normalized, phone, phone_normalized, job_title,
                          birthday, company_id, owner_id, tags, custom, search)
    select ${workspaceId}, r.first_name, r.last_name, r.email, r.email_normalized, r.phone, r.phone_normalized, r.job_title,
           r.birthday, r.company_id, r.owner_id, r.tags, r.custom, ${search('r', 'co')}
      from (select coalesce(x.first_name, '') as first_name, coalesce(x.last_name, '') as last_name, x.email, x.email_normalized,
                   x.phone, x.phone_normalized, x.job_title, x.birthday, x.company_id, x.owner_id,
                   coalesce(x.tags, '{}') as tags, coalesce(x.custom, '{}') as custom, x.i
              from jsonb_to_recordset(${payload}::jsonb) as x(first_name text, last_name text, email text, email_normalized text,
                   phone text, phone_normalized text, job_title text, birthday date, company_id bigint, owner_id bigint,
                   tags text[], custom jsonb, i int)) r
      left join companies co on co.id = r.company_id and co.workspace_id = ${workspaceId}
     order by r.i
    returning id`.execute(db);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * Updates many contacts in one statement. Each write names only the columns it changes; a column
 * absent from a write keeps its stored value (`p ? 'col'`), so rows with different columns share
 * it. The next values are computed first (n), so the search vector is built from them.
 */
export async function updateContactsBulk(db: Executor, workspaceId: number, updates: { id: number; write: ContactWrite }[]): Promise<void> {
  if (updates.length === 0) return;
  const payload = JSON.stringify(updates.map((u) => ({ ...u.write, id: u.id })));
  const next = (col: string, value: ReturnType<typeof sql>) => sql`case when e.p ? ${col}::text then ${value} else c.${sql.ref(col)} end as ${sql.ref(col)}`;
  const columns = [
    ...TEXT.map((col) => next(col, sql`e.p ->> ${col}::text`)),
    next('birthday', sql`(e.p ->> 'birthday')::date`),
    next('company_id', sql`(e.p ->> 'company_id')::bigint`),
    next('owner_id', sql`(e.p ->> 'owner_id')::bigint`),
    next('tags', sql`array(select jsonb_array_elements_text(e.p -> 'tags'))`),
    next('custom', sql`e.p -> 'custom'`),
  ];
  const assign = [...TEXT, 'birthday', 'company_id', 'owner_id', 'tags', 'custom'].map((col) => sql`${sql.ref(col)} = n.${sql.ref(col)}`);
  await sql`
    update contacts as c set ${sql.join(assign)}, search = ${search('n', 'co')}, updated_at = now()
      from (select c.id, ${sql.join(columns)}
              from jsonb_array_elements(${payload}::jsonb) as e(p)
              join contacts c on c.workspace_id = ${workspaceId} and c.id = (e.p ->> 'id')::bigint) n
      left join companies co on co.id = n.company_id and co.workspace_id = ${workspaceId}
     where c.workspace_id = ${workspaceId} and c.id = n.id`.execute(db);
}

