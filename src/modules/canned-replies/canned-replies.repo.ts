import type { Executor } from '../../db/executor.js';

/** Canned replies: shared ones, and each agent's personal ones (seen only by their author). */
const columns = ['id', 'name', 'body', 'shared', 'created_by', 'created_at', 'updated_at'] as const;

/** What one user may use: the shared replies and their own, by name (canned_replies_owner_idx). */
export function listUsable(db: Executor, workspaceId: number, userId: number | null) {
  return db.selectFrom('canned_replies').select(columns).where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('shared', '=', true), ...(userId ? [eb('created_by', '=', userId)] : [])]))
    .orderBy('name').orderBy('id').limit(500).execute();
}

export function findReply(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('canned_replies').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function insertReply(db: Executor, r: { workspaceId: number; name: string; body: string; shared: boolean; createdBy: number | null }) {
  return db.insertInto('canned_replies').values({ workspace_id: r.workspaceId, name: r.name, body: r.body, shared: r.shared, created_by: r.createdBy })
    .returning(columns).executeTakeFirstOrThrow();
}

export function updateReply(db: Executor, workspaceId: number, id: number, patch: { name?: string; body?: string; shared?: boolean }) {
  return db.updateTable('canned_replies').set({ ...patch, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id)
    .returning(columns).executeTakeFirst();
}

export function deleteReply(db: Executor, workspaceId: number, id: number) {
  return db.deleteFrom('canned_replies').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** What a canned reply may name: the ticket, its contact, and the agent writing. */
export function renderContext(db: Executor, workspaceId: number, ticketId: number) {
  return db.selectFrom('tickets as t').leftJoin('contacts as c', 'c.id', 't.contact_id').leftJoin('companies as co', 'co.id', 'c.company_id')
    .select(['t.id', 't.subject', 't.status', 't.priority', 'c.first_name', 'c.last_name', 'c.full_name', 'c.email', 'co.name as company_name'])
    .where('t.workspace_id', '=', workspaceId).where('t.id', '=', ticketId).executeTakeFirst();
}

export function agentOf(db: Executor, userId: number) {
  return db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirst();
}
