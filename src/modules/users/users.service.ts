import type { AppContext } from '../../context.js';
import type { Role } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { hashPassword, newToken, sha256, signValue, verifyPassword, verifySigned } from '../../lib/crypto.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { Executor } from '../../db/executor.js';
import { deleteSessionsOfUser, findMembership, findUserByEmail, findUserById, insertMembership } from '../auth/auth.repo.js';
import { createUserRow, openSession } from '../auth/auth.service.js';
import { assertPasswordPolicy } from '../auth/password-policy.js';
import { requireCanGrant, requirePermission, type Actor } from '../auth/permissions.js';
import * as repo from './users.repo.js';
import type { UpdateUserInput } from './users.schema.js';

export const INVITE_DAYS = 7;

function present(u: { id: number; email: string; name: string; role: Role; disabled: boolean; created_at: Date }) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, createdAt: u.created_at };
}

export async function listUsers(options: { ctx: AppContext; actor: Actor; limit: number; cursor?: string }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'users:read');
  const afterId = decodeIdCursor(options.cursor);
  const rows = await repo.listUsers(ctx.db, actor.workspaceId, afterId, limit);
  const page = pageOf(rows, limit, (r) => [r.id]);
  return { data: page.data.map(present), nextCursor: page.nextCursor };
}

/** Creates a user with a password directly (CLI, tests); the web app invites instead. */
export async function createUser(options: { ctx: AppContext; actor: Actor; email: string; name: string; role: Role; password: string }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'users:manage');
  requireCanGrant(actor, options.role);
  assertPasswordPolicy(options.password);
  const passwordHash = await hashPassword(options.password);
  return ctx.db.transaction().execute(async (trx) => {
    const user = await createUserRow(trx, { workspaceId: actor.workspaceId, email: options.email, name: options.name, role: options.role, passwordHash });
    await insertAudit(trx, actor, { entity: 'user', entityId: user.id, action: 'create', after: { email: user.email, role: user.role } });
    return present(user);
  });
}

export async function updateUser(options: { ctx: AppContext; actor: Actor; userId: number; input: UpdateUserInput }) {
  const { ctx, actor, userId, input } = options;
  requirePermission(actor, 'users:manage');
  if (input.role) requireCanGrant(actor, input.role);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findUserById(trx, actor.workspaceId, userId);
    if (!before) throw AppError.notFound('User');
    if (before.role === 'owner' && actor.role !== 'owner') throw AppError.forbidden('users:manage (owners)');
    await repo.updateUser(trx, actor.workspaceId, userId, input);
    const after = await findUserById(trx, actor.workspaceId, userId);
    if (before.role === 'owner' && (await repo.countActiveOwners(trx, actor.workspaceId)) === 0) {
      throw AppError.invalid({ path: input.role ? 'role' : 'disabled', message: 'a workspace must keep at least one active owner' });
    }
    if (after!.disabled) await deleteSessionsOfUser(trx, actor.workspaceId, userId);
    await insertAudit(trx, actor, { entity: 'user', entityId: userId, action: 'update', before: present(before), after: present(after!) });
    return present(after!);
  });
}

export async function inviteUser(options: { ctx: AppContext; actor: Actor; email: string; role: Role; baseUrl: string }) {
  const { ctx, actor, email, role } = options;
  requirePermission(actor, 'users:manage');
  requireCanGrant(actor, role);
  const secretPart = newToken();
  return ctx.db.transaction().execute(async (trx) => {
    const invite = await repo.insertInvite(trx, {
      workspaceId: actor.workspaceId, email, role, invitedBy: actor.userId, tokenHash: sha256(secretPart),
      expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000),
    });
    await insertAudit(trx, actor, { entity: 'invite', entityId: invite.id, action: 'create', after: { email, role } });
    return {
      invite: { id: invite.id, email: invite.email, role: invite.role, expiresAt: invite.expires_at },
      link: inviteLink(ctx, options.baseUrl, invite.id, secretPart),
    };
  });
}

/** The link carries the invite id and a random part (only its hash is kept), signed with the instance's key. */
export function inviteLink(ctx: AppContext, baseUrl: string, inviteId: number, secretPart: string): string {
  const token = signValue(ctx.secret, `${inviteId}.${secretPart}`);
  return `${baseUrl.replace(/\/$/, '')}/invite/${encodeURIComponent(token)}`;
}

async function openInvite(ctx: AppContext, token: string) {
  const value = verifySigned(ctx.secret, token);
  const [id, secretPart] = value ? value.split('.') : [];
  const invite = id ? await repo.findInvite(ctx.db, Number(id)) : undefined;
  if (!invite || !secretPart || invite.token_hash !== sha256(secretPart)) throw AppError.notFound('Invite');
  if (invite.accepted_at) throw AppError.conflict('This invite has already been used');
  if (invite.revoked_at) throw AppError.invalid({ path: 'token', message: 'this invite was revoked' });
  if (invite.expires_at < new Date()) throw AppError.invalid({ path: 'token', message: 'this invite has expired' });
  return invite;
}

export async function getInvite(options: { ctx: AppContext; token: string }) {
  const invite = await openInvite(options.ctx, options.token);
  // Only the invitee holds the token: telling them to use their existing password leaks nothing.
  const existingAccount = Boolean(await findUserByEmail(options.ctx.db, invite.email));
  return { email: invite.email, role: invite.role, workspaceName: invite.workspace_name, existingAccount };
}

/**
 * Creates the user, or, when the email already has an account (a member of another workspace),
 * adds the membership after checking that account's password: one person, several workspaces.
 */
export async function acceptInvite(options: { ctx: AppContext; token: string; name?: string; password: string }) {
  const { ctx } = options;
  const invite = await openInvite(ctx, options.token);
  const existing = await findUserByEmail(ctx.db, invite.email);
  if (existing && !(existing.password_hash && (await verifyPassword(options.password, existing.password_hash)))) {
    throw AppError.invalid({ path: 'password', message: 'this email already has an account: enter its password to join the workspace' });
  }
  if (!existing && !options.name) throw AppError.invalid({ path: 'name', message: 'is required' });
  if (!existing) assertPasswordPolicy(options.password);
  const passwordHash = existing ? null : await hashPassword(options.password);
  const user = await ctx.db.transaction().execute(async (trx) => {
    const claimed = await repo.markInviteAccepted(trx, invite.id);
    if (Number(claimed.numUpdatedRows) !== 1) throw AppError.conflict('This invite has already been used');
    const joined = existing ? await joinWorkspace(trx, invite, existing.id) : undefined;
    const created = joined ?? (await createUserRow(trx, { workspaceId: invite.workspace_id, email: invite.email, name: options.name!, role: invite.role, passwordHash }));
    const actor: Actor = { workspaceId: invite.workspace_id, role: invite.role, userId: created.id, apiKeyId: null, label: `user:${created.email}` };
    await insertAudit(trx, actor, { entity: 'user', entityId: created.id, action: 'accept_invite', after: { email: created.email, role: invite.role } });
    return { ...created, role: invite.role };
  });
  const token = await openSession({ ctx, workspaceId: invite.workspace_id, userId: user.id });
  return { token, user: present(user) };
}

async function joinWorkspace(trx: Executor, invite: { workspace_id: number; role: Role }, userId: number) {
  if (await findMembership(trx, invite.workspace_id, userId)) throw AppError.conflict('You are already a member of this workspace');
  await insertMembership(trx, { workspaceId: invite.workspace_id, userId, role: invite.role });
  return findUserById(trx, invite.workspace_id, userId);
}
