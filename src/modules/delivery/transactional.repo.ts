import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

const columns = ['id', 'template_id', 'email', 'status', 'attempts', 'message_id', 'last_error', 'created_at', 'sent_at', 'idempotency_key'] as const;

export function findByIdempotencyKey(db: Executor, workspaceId: number, key: string) {
  return db.selectFrom('transactional_messages').select(columns).where('workspace_id', '=', workspaceId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function findMessage(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('transactional_messages').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
export type TransactionalRow = NonNullable<Awaited<ReturnType<typeof findMessage>>>;

/** Inserts unless the idempotency key is taken (transactional_idem_key); undefined then. */
export function insertMessage(db: Executor, row: { workspace_id: number; template_id: number; contact_id: number | null; email: string; data: string; idempotency_key: string | null; status: 'queued' | 'suppressed'; from_email: string; from_name: string | null; subject: string | null; last_error: string | null }) {
  return db.insertInto('transactional_messages').values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returning(columns).executeTakeFirst();
}

/** Claims a message for sending (queued, or left sending by a worker whose lease ran out). */
export async function claimMessage(db: Executor, workspaceId: number, id: number, leaseSeconds: number) {
  const { rows } = await sql<{ id: number; template_id: number | null; contact_id: number | null; email: string; data: Record<string, unknown>; from_email: string; from_name: string | null; reply_to: null; attempts: number }>`
    update transactional_messages set status = 'sending', attempts = attempts + 1, claimed_until = now() + make_interval(secs => ${leaseSeconds})
    where workspace_id = ${workspaceId} and id = ${id}
      and (status = 'queued' or (status = 'sending' and claimed_until < now()))
    returning id, template_id, contact_id, email, data, from_email, from_name, null as reply_to, attempts`.execute(db);
  return rows[0];
}

export async function settleMessage(db: Executor, workspaceId: number, id: number, o: { status: 'sent' | 'failed' | 'queued'; messageId?: string; error?: string }) {
  await db.updateTable('transactional_messages').set({
    status: o.status, claimed_until: null, message_id: o.messageId ?? null, last_error: o.error?.slice(0, 1000) ?? null,
    ...(o.status === 'sent' ? { sent_at: new Date() } : {}),
  }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Whether the address is suppressed for a reason transactional mail honours (hard bounce, complaint). */
export async function hardSuppressed(db: Executor, workspaceId: number, hash: string): Promise<string | null> {
  const row = await db.selectFrom('suppressions').select('reason').where('workspace_id', '=', workspaceId).where('email_hash', '=', hash)
    .where('reason', 'in', ['hard_bounce', 'complaint']).executeTakeFirst();
  return row?.reason ?? null;
}

/** The contact an address belongs to (email_normalized), the oldest if several. */
export function findContactByEmail(db: Executor, workspaceId: number, email: string) {
  return db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('email_normalized', '=', email.toLowerCase()).orderBy('id').executeTakeFirst();
}
