import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { ConsentSource, ConsentStatus, ListMemberStatus, ListPurpose, OptInMode } from '../../db/schema.js';

const columns = ['id', 'name', 'description', 'purpose', 'opt_in_mode', 'public_name', 'public_description', 'sender_name', 'created_at'] as const;

export function findList(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('lists').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Locks the list row, so membership changes of one list apply one after another (no double events). */
export function lockList(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('lists').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
}
export type ListRow = NonNullable<Awaited<ReturnType<typeof findList>>>;

/** Keyset by id; a workspace has tens of lists. */
export function listListsPage(db: Executor, workspaceId: number, afterId: number | undefined, limit: number) {
  let q = db.selectFrom('lists').select(columns).where('workspace_id', '=', workspaceId);
  if (afterId) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit + 1).execute();
}

/** Every list id of the workspace, for the segment compiler's reference check. */
export async function listIdsOf(db: Executor, workspaceId: number): Promise<number[]> {
  return (await db.selectFrom('lists').select('id').where('workspace_id', '=', workspaceId).execute()).map((r) => r.id);
}

export function findListByName(db: Executor, workspaceId: number, name: string, exceptId?: number) {
  let q = db.selectFrom('lists').select('id').where('workspace_id', '=', workspaceId).where(sql<SqlBool>`lower(name) = ${name.toLowerCase()}`);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

export interface ListWrite {
  name?: string;
  description?: string | null;
  purpose?: ListPurpose;
  opt_in_mode?: OptInMode;
  public_name?: string | null;
  public_description?: string | null;
  sender_name?: string | null;
}

/** Lists by id (the form's lists, a preference centre), scoped to the workspace. */
export function findListsByIds(db: Executor, workspaceId: number, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('lists').select(columns).where('workspace_id', '=', workspaceId).where('id', 'in', ids).orderBy('id').execute();
}

/** A contact's memberships with their lists, for the preference centre and the GDPR export. */
export function membershipsOf(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('list_members as m').innerJoin('lists as l', 'l.id', 'm.list_id')
    .select(['l.id', 'l.name', 'l.public_name', 'l.public_description', 'l.purpose', 'm.status', 'm.updated_at'])
    .where('m.workspace_id', '=', workspaceId).where('m.contact_id', '=', contactId).orderBy('l.id').execute();
}

/** Every marketing list of the workspace (the preference centre offers them all to a contact). */
export function marketingLists(db: Executor, workspaceId: number) {
  return db.selectFrom('lists').select(columns).where('workspace_id', '=', workspaceId).where('purpose', '=', 'marketing').orderBy('id').limit(200).execute();
}

export async function insertList(db: Executor, workspaceId: number, w: ListWrite & { name: string }): Promise<number> {
  return (await db.insertInto('lists').values({ workspace_id: workspaceId, ...w }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateList(db: Executor, workspaceId: number, id: number, w: ListWrite) {
  if (Object.values(w).every((v) => v === undefined)) return; // `PATCH {}`: an UPDATE with an empty SET is a syntax error
  await db.updateTable('lists').set(w).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteList(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('lists').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Members by status of each list, in one grouped query over list_members_seg_idx. */
export async function memberCountsOf(db: Executor, workspaceId: number, listIds: number[]): Promise<Map<number, Record<ListMemberStatus, number>>> {
  const out = new Map(listIds.map((id) => [id, { subscribed: 0, unsubscribed: 0, pending: 0 }]));
  if (listIds.length === 0) return out;
  const rows = await db.selectFrom('list_members').select(['list_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId).where('list_id', 'in', listIds).groupBy(['list_id', 'status']).execute();
  for (const r of rows) out.get(r.list_id)![r.status] = Number(r.n);
  return out;
}

export async function existingContactIds(db: Executor, workspaceId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Current statuses of some contacts on a list (read under lockList). */
export async function memberStatuses(db: Executor, workspaceId: number, listId: number, contactIds: number[]) {
  if (contactIds.length === 0) return new Map<number, ListMemberStatus>();
  const rows = await db.selectFrom('list_members').select(['contact_id', 'status'])
    .where('workspace_id', '=', workspaceId).where('list_id', '=', listId).where('contact_id', 'in', contactIds).execute();
  return new Map(rows.map((r) => [r.contact_id, r.status]));
}

export async function upsertMembers(db: Executor, workspaceId: number, listId: number, contactIds: number[], status: ListMemberStatus) {
  if (contactIds.length === 0) return;
  await db.insertInto('list_members')
    .values(contactIds.map((contact_id) => ({ workspace_id: workspaceId, list_id: listId, contact_id, status })))
    .onConflict((oc) => oc.columns(['list_id', 'contact_id']).doUpdateSet({ status, updated_at: new Date() }))
    .execute();
}

export async function deleteMember(db: Executor, workspaceId: number, listId: number, contactId: number) {
  await db.deleteFrom('list_members').where('workspace_id', '=', workspaceId).where('list_id', '=', listId).where('contact_id', '=', contactId).execute();
}

/** A keyset page of members by contact id, walking list_members_seg_idx when a status is given. */
export function membersPage(db: Executor, q: { workspaceId: number; listId: number; status?: ListMemberStatus; afterContactId?: number; limit: number }) {
  let query = db.selectFrom('list_members as m').innerJoin('contacts as c', 'c.id', 'm.contact_id')
    .select(['m.contact_id', 'm.status', 'm.updated_at', 'c.full_name', 'c.email'])
    .where('m.workspace_id', '=', q.workspaceId).where('m.list_id', '=', q.listId);
  if (q.status) query = query.where('m.status', '=', q.status);
  if (q.afterContactId) query = query.where('m.contact_id', '>', q.afterContactId);
  return query.orderBy('m.contact_id').limit(q.limit + 1).execute();
}

export interface ConsentWrite {
  contactId: number;
  listId: number | null;
  status: ConsentStatus;
  source: ConsentSource;
  ip: string | null;
  textShown: string | null;
  actorUserId: number | null;
  userAgent?: string | null;
  formId?: number | null;
  lawfulBasis?: string | null;
  proof?: string | null;
  actorLabel?: string | null;
}

/** One ledger row and the current state it implies; call both inside one transaction. */
export async function recordConsent(db: Executor, workspaceId: number, w: ConsentWrite) {
  return (await recordConsents(db, workspaceId, [w]))[0];
}

/** Ledger rows and the current states they imply, in two statements whatever the count. */
export async function recordConsents(db: Executor, workspaceId: number, writes: ConsentWrite[]) {
  if (writes.length === 0) return [];
  const rows = await db.insertInto('consent_events').values(writes.map((w) => ({
    workspace_id: workspaceId, contact_id: w.contactId, list_id: w.listId, channel: 'email' as const, status: w.status, source: w.source,
    ip: w.ip, text_shown: w.textShown, actor_user_id: w.actorUserId, user_agent: w.userAgent ?? null, form_id: w.formId ?? null,
    lawful_basis: w.lawfulBasis ?? null, proof: w.proof ?? null, actor_label: w.actorLabel ?? null,
  }))).returningAll().execute();
  // ON CONFLICT names the expression of contact_consents_key, so list_id null (channel-wide) upserts too.
  const values = sql.join(rows.map((r) => sql`(${workspaceId}::bigint, ${r.contact_id}::bigint, 'email', ${r.list_id}::bigint, ${r.status}, ${r.recorded_at}::timestamptz)`));
  await sql`insert into contact_consents (workspace_id, contact_id, channel, list_id, status, updated_at)
    values ${values}
    on conflict (workspace_id, contact_id, channel, (coalesce(list_id, 0)))
    do update set status = excluded.status, updated_at = excluded.updated_at`.execute(db);
  return rows;
}
export type ConsentEventRow = Awaited<ReturnType<typeof recordConsents>>[number];

/** The ledger of one contact, newest first, keyset by id. */
export function consentEventsPage(db: Executor, workspaceId: number, contactId: number, beforeId: number | undefined, limit: number) {
  let q = db.selectFrom('consent_events').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId);
  if (beforeId) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit + 1).execute();
}

/** The whole ledger of one contact, oldest first (a person's ledger is short; capped anyway). */
export function allConsentEvents(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('consent_events').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('id').limit(50_000).execute();
}

/** Which of these contacts have withdrawn from the whole email channel. */
export async function channelWithdrawn(db: Executor, workspaceId: number, contactIds: number[]): Promise<number[]> {
  if (contactIds.length === 0) return [];
  const rows = await db.selectFrom('contact_consents').select('contact_id').where('workspace_id', '=', workspaceId).where('contact_id', 'in', contactIds)
    .where('channel', '=', 'email').where('list_id', 'is', null).where('status', '=', 'withdrawn').execute();
  return rows.map((r) => r.contact_id);
}

export function currentConsents(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('contact_consents').select(['channel', 'list_id', 'status', 'updated_at'])
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('list_id', 'asc').execute();
}

/**
 * Merge hook: the survivor takes over the duplicate's memberships and consent state, keeping its
 * own row where both have one (its own choice is the one it is known by), and the whole ledger,
 * which is proof and must survive the duplicate's deletion.
 */
export async function moveListRows(db: Executor, workspaceId: number, fromId: number, toId: number) {
  await sql`insert into list_members (workspace_id, list_id, contact_id, status, updated_at)
    select workspace_id, list_id, ${toId}::bigint, status, updated_at from list_members where workspace_id = ${workspaceId} and contact_id = ${fromId}
    on conflict do nothing`.execute(db);
  await sql`insert into contact_consents (workspace_id, contact_id, channel, list_id, status, updated_at)
    select workspace_id, ${toId}::bigint, channel, list_id, status, updated_at from contact_consents where workspace_id = ${workspaceId} and contact_id = ${fromId}
    on conflict do nothing`.execute(db);
  await db.updateTable('consent_events').set({ contact_id: toId }).where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).execute();
}
