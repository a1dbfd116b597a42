import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

/** Secondary addresses: kept after a merge, searchable, never used to send (contacts.email is). */
export async function addSecondaryEmails(db: Executor, workspaceId: number, contactId: number, emails: { email: string; normalized: string }[]) {
  if (!emails.length) return;
  await db.insertInto('contact_emails')
    .values(emails.map((e) => ({ workspace_id: workspaceId, contact_id: contactId, email: e.email, email_normalized: e.normalized })))
    .onConflict((oc) => oc.doNothing()).execute();
}

export async function addSecondaryPhones(db: Executor, workspaceId: number, contactId: number, phones: { phone: string; normalized: string }[]) {
  if (!phones.length) return;
  await db.insertInto('contact_phones')
    .values(phones.map((p) => ({ workspace_id: workspaceId, contact_id: contactId, phone: p.phone, phone_normalized: p.normalized })))
    .onConflict((oc) => oc.doNothing()).execute();
}

export function listSecondaryEmails(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('contact_emails').select(['email', 'email_normalized']).where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('created_at').execute();
}

export function listSecondaryPhones(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('contact_phones').select(['phone', 'phone_normalized']).where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('created_at').execute();
}

/** A secondary that became the primary is not kept twice. */
export async function dropSecondaries(db: Executor, workspaceId: number, contactId: number, emailNormalized: string | null, phoneNormalized: string | null) {
  if (emailNormalized) await db.deleteFrom('contact_emails').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('email_normalized', '=', emailNormalized).execute();
  if (phoneNormalized) await db.deleteFrom('contact_phones').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('phone_normalized', '=', phoneNormalized).execute();
}

/** The search vector reads the secondaries (migration 0011); no trigger watches them, so the merge refreshes it. */
export async function refreshContactSearch(db: Executor, workspaceId: number, contactId: number) {
  await sql`update contacts c set search = contact_search_vector(c) where c.workspace_id = ${workspaceId} and c.id = ${contactId}`.execute(db);
}

export interface NamePair {
  a_id: number;
  b_id: number;
  score: number;
  same_name: boolean;
  same_company: boolean;
}

/**
 * Pairs of contacts with the same or similar names, bounded: the workspace's `scan` newest
 * contacts are each looked up in contacts_name_trgm_idx (the % operator, threshold 0.3 by
 * default, then similarity ≥ minScore), so the cost is `scan` index probes, not n². Each pair
 * comes once (the older contact is b).
 */
export async function findSimilarNamePairs(db: Executor, workspaceId: number, options: { scan: number; minScore: number; limit: number }): Promise<NamePair[]> {
  const { rows } = await sql<NamePair>`
    with recent as (
      select id, lower(full_name) as n, company_id from contacts
       where workspace_id = ${workspaceId} and length(full_name) >= 4 order by id desc limit ${options.scan}
    )
    select a.id as a_id, b.id as b_id, round(similarity(a.n, lower(b.full_name))::numeric, 2)::float8 as score,
           a.n = lower(b.full_name) as same_name, (a.company_id is not null and a.company_id = b.company_id) as same_company
      from recent a
      join contacts b on b.workspace_id = ${workspaceId} and lower(b.full_name) % a.n and b.id < a.id
     where similarity(a.n, lower(b.full_name)) >= ${options.minScore}
     order by (a.company_id is not null and a.company_id = b.company_id) desc, 3 desc, a.id desc
     limit ${options.limit}`.execute(db);
  return rows.map((r) => ({ ...r, a_id: Number(r.a_id), b_id: Number(r.b_id), score: Number(r.score) }));
}
