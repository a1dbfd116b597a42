import type { Executor } from '../../db/executor.js';
import type { Role } from '../../db/schema.js';

const userColumns = ['id', 'email', 'name', 'role', 'disabled', 'created_at'] as const;

export function listUsers(db: Executor, workspaceId: number, afterId: number | undefined, limit: number) {
  let q = db.selectFrom('users').select(userColumns).where('workspace_id', '=', workspaceId);
  if (afterId !== undefined) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit + 1).execute();
}

export function updateUser(db: Executor, workspaceId: number, id: number, patch: { name?: string; role?: Role; disabled?: boolean }) {
  return db
    .updateTable('users')
    .set({ ...patch, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning(userColumns)
    .executeTakeFirst();
}

export function countActiveOwners(db: Executor, workspaceId: number) {
  return db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .where('disabled', '=', false)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function insertInvite(db: Executor, row: { workspaceId: number; email: string; role: Role; invitedBy: number | null; tokenHash: string; expiresAt: Date }) {
  return db
    .insertInto('invites')
    .values({ workspace_id: row.workspaceId, email: row.email, role: row.role, invited_by: row.invitedBy, token_hash: row.tokenHash, expires_at: row.expiresAt })
    .returning(['id', 'email', 'role', 'expires_at'])
    .executeTakeFirstOrThrow();
}

export function setInviteToken(db: Executor, id: number, tokenHash: string) {
  return db.updateTable('invites').set({ token_hash: tokenHash }).where('id', '=', id).execute();
}

export function findInvite(db: Executor, id: number) {
  return db
    .selectFrom('invites as i')
    .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
    .select(['i.id', 'i.workspace_id', 'i.email', 'i.role', 'i.token_hash', 'i.expires_at', 'i.accepted_at', 'w.name as workspace_name'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export function markInviteAccepted(db: Executor, id: number) {
  return db.updateTable('invites').set({ accepted_at: new Date() }).where('id', '=', id).where('accepted_at', 'is', null).executeTakeFirst();
}
