import type { Executor } from '../../db/executor.js';
import type { Role } from '../../db/schema.js';

/** The members of a workspace with their role there; keyset by user id (memberships' primary key). */
export function listUsers(db: Executor, workspaceId: number, afterId: number | undefined, limit: number) {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.disabled', 'u.created_at'])
    .where('m.workspace_id', '=', workspaceId);
  if (afterId !== undefined) q = q.where('m.user_id', '>', afterId);
  return q.orderBy('m.user_id').limit(limit + 1).execute();
}

/**
 * The name is the person's own; role and disabled belong to the membership. The users row keeps
 * its home workspace's values (migration 0017), so it follows when that membership changes.
 */
export async function updateUser(db: Executor, workspaceId: number, id: number, patch: { name?: string; role?: Role; disabled?: boolean }) {
  const { name, ...access } = patch;
  if (Object.keys(access).length) {
    await db.updateTable('memberships').set(access).where('workspace_id', '=', workspaceId).where('user_id', '=', id).execute();
  }
  const home = await db.selectFrom('users').select('workspace_id').where('id', '=', id).executeTakeFirstOrThrow();
  await db
    .updateTable('users')
    .set({ ...(name !== undefined ? { name } : {}), ...(home.workspace_id === workspaceId ? access : {}), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export function countActiveOwners(db: Executor, workspaceId: number) {
  return db
    .selectFrom('memberships')
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
    .select(['i.id', 'i.workspace_id', 'i.email', 'i.role', 'i.token_hash', 'i.expires_at', 'i.accepted_at', 'i.revoked_at', 'w.name as workspace_name'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export function markInviteAccepted(db: Executor, id: number) {
  return db.updateTable('invites').set({ accepted_at: new Date() }).where('id', '=', id).where('accepted_at', 'is', null).executeTakeFirst();
}

/** Invites not yet accepted nor revoked (expired ones too, so they can be resent); invites_ws_idx. */
export function listPendingInvites(db: Executor, workspaceId: number, beforeId: number | undefined, limit: number) {
  let q = db
    .selectFrom('invites as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .select(['i.id', 'i.email', 'i.role', 'i.expires_at', 'i.created_at', 'u.name as invited_by_name'])
    .where('i.workspace_id', '=', workspaceId)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null);
  if (beforeId !== undefined) q = q.where('i.id', '<', beforeId);
  return q.orderBy('i.id', 'desc').limit(limit + 1).execute();
}

export function findPendingInvite(db: Executor, workspaceId: number, id: number) {
  return db
    .selectFrom('invites')
    .select(['id', 'email', 'role', 'expires_at'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function revokeInvite(db: Executor, workspaceId: number, id: number) {
  return db.updateTable('invites').set({ revoked_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** A resent invite gets a new secret (the old link stops working) and a fresh expiry. */
export function renewInvite(db: Executor, workspaceId: number, id: number, tokenHash: string, expiresAt: Date) {
  return db.updateTable('invites').set({ token_hash: tokenHash, expires_at: expiresAt }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
