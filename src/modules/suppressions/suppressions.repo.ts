import type { Executor } from '../../db/executor.js';
import type { SuppressionReason } from '../../db/schema.js';

const columns = ['id', 'email', 'email_hash', 'reason', 'note', 'created_at'] as const;

/** Which of these hashes are suppressed, with their reason (suppressions_hash_key probes). */
export async function suppressedHashes(db: Executor, workspaceId: number, hashes: string[]): Promise<Map<string, SuppressionReason>> {
  if (hashes.length === 0) return new Map();
  const rows = await db.selectFrom('suppressions').select(['email_hash', 'reason'])
    .where('workspace_id', '=', workspaceId).where('email_hash', 'in', [...new Set(hashes)]).execute();
  return new Map(rows.map((r) => [r.email_hash, r.reason]));
}

export interface SuppressionWrite {
  email: string | null;
  emailHash: string;
  reason: SuppressionReason;
  note: string | null;
}

/**
 * Adds suppressions; an address already suppressed keeps its first row (its reason and date are
 * the history), except that erasure drops the stored address from it. Returns the new rows.
 */
export async function insertSuppressions(db: Executor, workspaceId: number, writes: SuppressionWrite[]) {
  if (writes.length === 0) return [];
  return db.insertInto('suppressions')
    .values(writes.map((w) => ({ workspace_id: workspaceId, email: w.email, email_hash: w.emailHash, reason: w.reason, note: w.note })))
    .onConflict((oc) => oc.columns(['workspace_id', 'email_hash']).doNothing())
    .returning(columns).execute();
}

/** Keeps the hash, forgets the address (erasure). */
export async function forgetSuppressedAddress(db: Executor, workspaceId: number, emailHash: string) {
  await db.updateTable('suppressions').set({ email: null }).where('workspace_id', '=', workspaceId).where('email_hash', '=', emailHash).execute();
}

/** Lifts suppressions of the given reasons for a hash; returns the removed rows. */
export function deleteSuppressionByHash(db: Executor, workspaceId: number, emailHash: string, reasons: SuppressionReason[]) {
  return db.deleteFrom('suppressions').where('workspace_id', '=', workspaceId).where('email_hash', '=', emailHash).where('reason', 'in', reasons).returning(columns).execute();
}

export function findSuppression(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('suppressions').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
export type SuppressionRow = NonNullable<Awaited<ReturnType<typeof findSuppression>>>;

export async function deleteSuppression(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('suppressions').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Newest first, keyset by id (suppressions_ws_idx); `q` matches the stored address. */
export function suppressionsPage(db: Executor, o: { workspaceId: number; beforeId?: number; limit: number; q?: string }) {
  let query = db.selectFrom('suppressions').select(columns).where('workspace_id', '=', o.workspaceId);
  if (o.q) query = query.where('email', 'ilike', `%${o.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  if (o.beforeId) query = query.where('id', '<', o.beforeId);
  return query.orderBy('id', 'desc').limit(o.limit + 1).execute();
}
