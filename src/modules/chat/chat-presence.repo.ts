import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

/**
 * All SQL of cross-process chat presence (PostgreSQL only): a row per visitor session or agent
 * per process holding a socket of theirs, alive while that process beats. Reads ignore expired
 * rows, so a dead process's visitors read as gone before any sweep runs.
 */

export type PresenceKind = 'visitor' | 'agent';
export interface PresenceKey { workspaceId: number; kind: PresenceKind; subjectId: number }

const expiry = (ttlMs: number) => sql<Date>`now() + make_interval(secs => ${ttlMs / 1000})`;

export async function upsertPresence(db: Executor, node: string, p: PresenceKey, ttlMs: number): Promise<void> {
  await db.insertInto('chat_presence').values({ workspace_id: p.workspaceId, kind: p.kind, subject_id: p.subjectId, node_id: node, expires_at: expiry(ttlMs) })
    .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'subject_id', 'node_id']).doUpdateSet({ expires_at: expiry(ttlMs) })).execute();
}

export async function deletePresence(db: Executor, node: string, p: PresenceKey): Promise<void> {
  await db.deleteFrom('chat_presence').where('workspace_id', '=', p.workspaceId).where('kind', '=', p.kind).where('subject_id', '=', p.subjectId)
    .where('node_id', '=', node).execute();
}

/** Which of `ids` (or, with none given, which subjects at all) some live process holds now (primary key prefix). */
export async function livePresence(db: Executor, workspaceId: number, kind: PresenceKind, ids?: number[]): Promise<number[]> {
  if (ids && ids.length === 0) return [];
  let q = db.selectFrom('chat_presence').select('subject_id').distinct().where('workspace_id', '=', workspaceId).where('kind', '=', kind)
    .where('expires_at', '>', sql<Date>`now()`);
  if (ids) q = q.where('subject_id', 'in', ids.slice(0, 1000));
  return (await q.execute()).map((r) => r.subject_id);
}

/**
 * The heartbeat: every subject this process holds lives `ttlMs` longer. Written whole rather than
 * updated, so a row another process swept while this one stalled (a long pause) comes back.
 */
export async function renewPresence(db: Executor, node: string, held: PresenceKey[], ttlMs: number): Promise<void> {
  for (let i = 0; i < held.length; i += 1000) {
    const rows = held.slice(i, i + 1000).map((p) => ({ workspace_id: p.workspaceId, kind: p.kind, subject_id: p.subjectId, node_id: node, expires_at: expiry(ttlMs) }));
    await db.insertInto('chat_presence').values(rows)
      .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'subject_id', 'node_id']).doUpdateSet({ expires_at: expiry(ttlMs) })).execute();
  }
}

/** A graceful stop: this process holds no one any more. */
export function dropNode(db: Executor, node: string) {
  return db.deleteFrom('chat_presence').where('node_id', '=', node).returning(['workspace_id', 'kind', 'subject_id']).execute();
}

/**
 * Rows of processes that stopped beating (chat_presence_expiry_idx). Each is deleted once, by
 * whichever process sweeps first, so one process alone announces each visitor gone.
 */
export function sweepExpired(db: Executor, limit = 500) {
  return db.deleteFrom('chat_presence')
    .where(({ eb, selectFrom }) => eb(sql`(workspace_id, kind, subject_id, node_id)`, 'in',
      selectFrom('chat_presence').select(['workspace_id', 'kind', 'subject_id', 'node_id']).where('expires_at', '<', sql<Date>`now()`).limit(limit)))
    .returning(['workspace_id', 'kind', 'subject_id']).execute();
}

/** The ticket of a visitor session, for the presence frame agents get. */
export async function ticketOfSession(db: Executor, workspaceId: number, sessionId: number): Promise<number | null> {
  const row = await db.selectFrom('chat_sessions').select('ticket_id').where('workspace_id', '=', workspaceId).where('id', '=', sessionId).executeTakeFirst();
  return row?.ticket_id ?? null;
}

/** A chat message's text, re-read by id: notifications carry ids, not bodies (NOTIFY's 8000-byte limit). */
export async function chatMessageText(db: Executor, workspaceId: number, id: number): Promise<string | null> {
  const row = await db.selectFrom('ticket_messages').select('body_text').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row?.body_text ?? null;
}

/** Sends one notification on `channel` to every listening process of this database. */
export async function notify(db: Executor, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
