import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { Role } from '../../db/schema.js';

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
}

export function insertSession(db: Executor, row: { workspaceId: number; userId: number; tokenHash: string; expiresAt: Date }) {
  return db
    .insertInto('sessions')
    .values({ workspace_id: row.workspaceId, user_id: row.userId, token_hash: row.tokenHash, expires_at: row.expiresAt })
    .execute();
}

/**
 * One indexed lookup per request (sessions.token_hash is unique, memberships by primary key): the
 * role is the one the user holds in the session's current workspace; no membership, no actor.
 */
export function findSessionActor(db: Executor, tokenHash: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('memberships as m', (j) => j.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'))
    .select(['u.id as userId', 's.workspace_id as workspaceId', 'm.role', 'u.email', 'm.disabled', 's.expires_at as expiresAt'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Points a session at another workspace (the caller checked the membership). */
export function setSessionWorkspace(db: Executor, tokenHash: string, workspaceId: number) {
  return db.updateTable('sessions').set({ workspace_id: workspaceId }).where('token_hash', '=', tokenHash).execute();
}

export function insertMembership(db: Executor, row: { workspaceId: number; userId: number; role: Role }) {
  return db.insertInto('memberships').values({ workspace_id: row.workspaceId, user_id: row.userId, role: row.role }).execute();
}

export function findMembership(db: Executor, workspaceId: number, userId: number) {
  return db.selectFrom('memberships').select(['role', 'disabled']).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
}

/** Where a login lands: the home workspace while its membership is active, else the oldest active one. */
export function firstActiveWorkspace(db: Executor, userId: number, homeId: number) {
  return db
    .selectFrom('memberships')
    .select('workspace_id')
    .where('user_id', '=', userId)
    .where('disabled', '=', false)
    .orderBy(sql`workspace_id = ${homeId}`, 'desc')
    .orderBy('workspace_id')
    .executeTakeFirst()
    .then((r) => r?.workspace_id);
}

export function deleteSession(db: Executor, tokenHash: string) {
  return db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export function deleteSessionsOfUser(db: Executor, workspaceId: number, userId: number) {
  return db.deleteFrom('sessions').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export function countWorkspaces(db: Executor) {
  return db
    .selectFrom('workspaces')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function insertWorkspace(db: Executor, name: string) {
  return db.insertInto('workspaces').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export function findWorkspace(db: Executor, id: number) {
  return db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export function insertUser(db: Executor, row: { workspaceId: number; email: string; name: string; role: Role; passwordHash: string | null }) {
  return db
    .insertInto('users')
    .values({ workspace_id: row.workspaceId, email: row.email, name: row.name, role: row.role, password_hash: row.passwordHash })
    .returning(['id', 'workspace_id', 'email', 'name', 'role', 'disabled', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function getSetting(db: Executor, key: string) {
  return db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst().then((r) => r?.value);
}

/** First writer wins, so several processes starting at once agree on one value. */
export async function getOrCreateSetting(db: Executor, key: string, create: () => string): Promise<string> {
  await db.insertInto('instance_settings').values({ key, value: create() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getSetting(db, key))!;
}

export async function lockWorkspaces(db: Executor): Promise<void> {
  await sql`lock table workspaces in exclusive mode`.execute(db);
}

/** A member of the workspace, with the role and disabled flag of that membership. */
export function findUserById(db: Executor, workspaceId: number, id: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.disabled', 'u.created_at'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.user_id', '=', id)
    .executeTakeFirst();
}
