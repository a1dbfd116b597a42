import type { AppContext } from '../../context.js';
import type { Role } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { hashPassword, newToken, sha256, signValue, verifySigned } from '../../lib/crypto.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { deleteSessionsOfUser, findUserById } from '../auth/auth.repo.js';
import { createUserRow, openSession } from '../auth/auth.service.js';
import { assertPasswordPolicy } from '../auth/password-policy.js';
import { requireCanGrant, requirePermission, type Actor } from '../auth/permissions.js';
import * as repo from './users.repo.js';
import type { UpdateUserInput } from './users.schema.js';

const INVITE_DAYS = 7;

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
    const after = await repo.updateUser(trx, actor.workspaceId, userId, input);
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
    // The link carries the invite id and a random part, signed with the instance's key.
    const token = signValue(ctx.secret, `${invite.id}.${secretPart}`);
    return {
      invite: { id: invite.id, email: invite.email, role: invite.role, expiresAt: invite.expires_at },
      link: `${options.baseUrl.replace(/\/$/, '')}/invite/${encodeURIComponent(token)}`,
    };
  });
}

async function openInvite(ctx: AppContext, token: string) {
  const value = verifySigned(ctx.secret, token);
  const [id, secretPart] = value ? value.split('.') : [];
  const invite = id ? await repo.findInvite(ctx.db, Number(id)) : undefined;
  if (!invite || !secretPart || invite.token_hash !== sha256(secretPart)) throw AppError.notFound('Invite');
  if (invite.accepted_at) throw AppError.conflict('This invite has already been used');
  if (invite.expires_at < new Date()) throw AppError.invalid({ path: 'token', message: 'this invite has expired' });
  return invite;
}

export async function getInvite(options: { ctx: AppContext; token: string }) {
  const invite = await openInvite(options.ctx, options.token);
  return { email: invite.email, role: invite.role, workspaceName: invite.workspace_name };
}

export async function acceptInvite(options: { ctx: AppContext; token: string; name: string; password: string }) {
  const { ctx } = options;
  assertPasswordPolicy(options.password);
  const invite = await openInvite(ctx, options.token);
  const passwordHash = await hashPassword(options.password);
  const user = await ctx.db.transaction().execute(async (trx) => {
    const claimed = await repo.markInviteAccepted(trx, invite.id);
    if (Number(claimed.numUpdatedRows) !== 1) throw AppError.conflict('This invite has already been used');
    const created = await createUserRow(trx, { workspaceId: invite.workspace_id, email: invite.email, name: options.name, role: invite.role, passwordHash });
    const actor: Actor = { workspaceId: invite.workspace_id, role: invite.role, userId: created.id, apiKeyId: null, label: `user:${created.email}` };
    await insertAudit(trx, actor, { entity: 'user', entityId: created.id, action: 'accept_invite', after: { email: created.email, role: created.role } });
    return created;
  });
  const token = await openSession({ ctx, workspaceId: user.workspace_id, userId: user.id });
  return { token, user: present(user) };
}
