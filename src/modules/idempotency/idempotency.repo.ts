import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

export interface KeyRef {
  workspaceId: number;
  caller: string;
  key: string;
}

export interface StoredKey {
  fingerprint: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: Date;
}

/** Reserves the key for a first request; false when it was already there (one statement, so two racing requests cannot both win). */
export async function reserveKey(db: Executor, ref: KeyRef, fingerprint: string): Promise<boolean> {
  const row = await db.insertInto('idempotency_keys')
    .values({ workspace_id: ref.workspaceId, caller: ref.caller, key: ref.key, fingerprint })
    .onConflict((oc) => oc.columns(['workspace_id', 'caller', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findKey(db: Executor, ref: KeyRef): Promise<StoredKey | undefined> {
  return db.selectFrom('idempotency_keys').select(['fingerprint', 'status', 'content_type', 'body', 'created_at'])
    .where('workspace_id', '=', ref.workspaceId).where('caller', '=', ref.caller).where('key', '=', ref.key)
    .executeTakeFirst();
}

/**
 * Takes over a reservation whose request never finished (its process died mid-request): only
 * one still unanswered and older than `staleSeconds`, and only by one taker.
 */
export async function takeOverStaleKey(db: Executor, ref: KeyRef, fingerprint: string, staleSeconds: number): Promise<boolean> {
  const row = await db.updateTable('idempotency_keys').set({ created_at: sql`now()` })
    .where('workspace_id', '=', ref.workspaceId).where('caller', '=', ref.caller).where('key', '=', ref.key)
    .where('fingerprint', '=', fingerprint).where('status', 'is', null)
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${staleSeconds})`)
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function saveAnswer(db: Executor, ref: KeyRef, answer: { status: number; contentType: string | null; body: string }): Promise<void> {
  await db.updateTable('idempotency_keys').set({ status: answer.status, content_type: answer.contentType, body: answer.body })
    .where('workspace_id', '=', ref.workspaceId).where('caller', '=', ref.caller).where('key', '=', ref.key)
    .execute();
}

/** Frees a reservation whose answer is not worth keeping (a server error, a rate limit): the client may retry. */
export async function releaseKey(db: Executor, ref: KeyRef): Promise<void> {
  await db.deleteFrom('idempotency_keys')
    .where('workspace_id', '=', ref.workspaceId).where('caller', '=', ref.caller).where('key', '=', ref.key).where('status', 'is', null)
    .execute();
}

/** Keys older than the retention; the created_at index makes this a range delete. */
export async function purgeKeys(db: Executor, olderThanHours: number): Promise<number> {
  const res = await db.deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${olderThanHours})`)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
