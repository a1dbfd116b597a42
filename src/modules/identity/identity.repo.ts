import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { prepared } from '../../db/prepared.js';

/**
 * The identity graph: external ids of contacts (contact_identities) and the visitors whose events
 * point at a contact once known. A merge or an identify moves these small rows, never the events.
 */
export async function findContactByExternalId(db: Executor, workspaceId: number, source: string, externalId: string): Promise<number | null> {
  const row = await db.selectFrom('contact_identities').select('contact_id').where('workspace_id', '=', workspaceId).where('source', '=', source).where('external_id', '=', externalId).executeTakeFirst();
  return row?.contact_id ?? null;
}

/** A live contact with this address as its email or one of its secondary emails (kept by merges). */
export async function findContactByEmail(db: Executor, workspaceId: number, email: string, normalized: string): Promise<number | null> {
  const lower = email.toLowerCase();
  const primary = await db.selectFrom('contacts').select('id')
    .where('workspace_id', '=', workspaceId).where(sql<SqlBool>`lower(email) = ${lower}`).where('deleted_at', 'is', null)
    .orderBy('id').executeTakeFirst();
  if (primary) return primary.id;
  const secondary = await db.selectFrom('contact_emails').select('contact_id').where('workspace_id', '=', workspaceId).where('email_normalized', '=', normalized).orderBy('contact_id').executeTakeFirst();
  return secondary?.contact_id ?? null;
}

export async function insertIdentity(db: Executor, workspaceId: number, source: string, externalId: string, contactId: number): Promise<void> {
  await db.insertInto('contact_identities').values({ workspace_id: workspaceId, source, external_id: externalId, contact_id: contactId }).onConflict((oc) => oc.doNothing()).execute();
}

export function listIdentities(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('contact_identities').select(['source', 'external_id', 'created_at']).where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('created_at').execute();
}

/** Serialises two resolutions of the same identifier (they would both create the contact). */
export async function lockIdentifier(db: Executor, workspaceId: number, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`identity:${workspaceId}:${key}`}))`.execute(db);
}

export interface VisitorRow {
  id: number;
  anonymous_id: string;
  contact_id: number | null;
}

/**
 * Finds or creates the batch's visitors in one statement, widening their first/last seen. A
 * visitor keyed by its contact (`contact:<id>`) is linked on creation; a browser's stays
 * anonymous until linkVisitors. A row the batch does not change (a replay, events within the
 * span already seen) is locked but not rewritten: no new row version, no WAL, nothing for
 * vacuum. Such rows are not returned by the upsert, so they are read after it, in a statement of
 * their own: its fresh snapshot sees what a concurrent write committed, as the upsert did.
 */
export async function upsertVisitors(db: Executor, workspaceId: number, visitors: { anonymousId: string; contactId: number | null; first: Date; last: Date }[]): Promise<VisitorRow[]> {
  if (!visitors.length) return [];
  const payload = JSON.stringify(visitors.map((v) => ({ a: v.anonymousId, c: v.contactId, f: v.first.toISOString(), l: v.last.toISOString() })));
  const { rows } = await prepared(sql<VisitorRow>`
    insert into visitors as v (workspace_id, anonymous_id, contact_id, first_seen_at, last_seen_at)
    select ${workspaceId}, x.a, x.c, x.f, x.l from json_to_recordset(${payload}::json) as x(a text, c bigint, f timestamptz, l timestamptz)
    order by x.a
    on conflict (workspace_id, anonymous_id) do update
      set first_seen_at = least(v.first_seen_at, excluded.first_seen_at), last_seen_at = greatest(v.last_seen_at, excluded.last_seen_at),
          contact_id = coalesce(v.contact_id, excluded.contact_id)
      where excluded.first_seen_at < v.first_seen_at or excluded.last_seen_at > v.last_seen_at or (v.contact_id is null and excluded.contact_id is not null)
    returning v.id, v.anonymous_id, v.contact_id`).execute(db);
  if (rows.length < visitors.length) {
    const seen = new Set(rows.map((r) => r.anonymous_id));
    const unchanged = visitors.map((v) => v.anonymousId).filter((a) => !seen.has(a));
    rows.push(...await db.selectFrom('visitors').select(['id', 'anonymous_id', 'contact_id']).where('workspace_id', '=', workspaceId).where('anonymous_id', 'in', unchanged).execute());
  }
  return rows.map((r) => ({ ...r, id: Number(r.id), contact_id: r.contact_id === null ? null : Number(r.contact_id) }));
}

/**
 * Links anonymous visitors to their contacts in one statement (visitor id → contact id); returns
 * the ids that were anonymous until now. Rows are locked in id order, as upsertVisitors does.
 */
export async function linkVisitors(db: Executor, workspaceId: number, links: Map<number, number>): Promise<number[]> {
  if (!links.size) return [];
  const payload = JSON.stringify([...links].sort(([a], [b]) => a - b).map(([v, c]) => ({ v, c })));
  const { rows } = await sql<{ id: number }>`
    update visitors as v set contact_id = x.c
      from json_to_recordset(${payload}::json) as x(v bigint, c bigint)
     where v.workspace_id = ${workspaceId} and v.id = x.v and v.contact_id is null
    returning v.id`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** Merge hook: the duplicate's browsers and external ids now belong to the survivor. */
export async function moveIdentityRows(db: Executor, workspaceId: number, fromId: number, toId: number): Promise<void> {
  await db.updateTable('visitors').set({ contact_id: toId }).where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).execute();
  await db.updateTable('contact_identities').set({ contact_id: toId }).where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).execute();
}

export function listContactVisitorIds(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('visitors').select(['id', 'first_seen_at', 'last_seen_at']).where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).execute();
}
