import type { Executor } from '../../db/executor.js';

/** A confirmation with its contact's address (null when the contact has none any more). */
export async function findConfirmationToken(db: Executor, nonce: string) {
  const row = await db.selectFrom('confirmation_tokens as t').innerJoin('contacts as c', 'c.id', 't.contact_id')
    .select(['t.nonce', 't.workspace_id', 't.contact_id', 't.list_ids', 't.form_id', 't.fields', 't.expires_at', 't.used_at', 'c.email'])
    .where('t.nonce', '=', nonce).executeTakeFirst();
  return row ? { ...row, list_ids: (row.list_ids as unknown as number[]).map(Number) } : undefined;
}

/** Spends a confirmation once: only the first caller gets the row back. */
export function spendConfirmationToken(db: Executor, nonce: string, workspaceId: number, contactId: number) {
  return db.updateTable('confirmation_tokens').set({ used_at: new Date() })
    .where('nonce', '=', nonce).where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('used_at', 'is', null)
    .returning(['list_ids', 'form_id', 'fields', 'expires_at']).executeTakeFirst();
}

/** The lists among `listIds` on which the contact is still pending. */
export function pendingListsOf(db: Executor, workspaceId: number, contactId: number, listIds: number[]) {
  if (listIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('list_members as m').innerJoin('lists as l', 'l.id', 'm.list_id')
    .select(['l.id', 'l.name', 'l.public_name', 'l.sender_name'])
    .where('m.workspace_id', '=', workspaceId).where('m.contact_id', '=', contactId).where('m.list_id', 'in', listIds).where('m.status', '=', 'pending')
    .orderBy('l.id').execute();
}

/** Emails of contacts, for suppression checks. */
export function contactEmails(db: Executor, workspaceId: number, contactIds: number[]) {
  if (contactIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('contacts').select(['id', 'email']).where('workspace_id', '=', workspaceId).where('id', 'in', contactIds).execute();
}
