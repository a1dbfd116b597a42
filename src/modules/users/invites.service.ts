import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { newToken, sha256 } from '../../lib/crypto.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requireCanGrant, requirePermission, ROLES, type Actor } from '../auth/permissions.js';
import { ROLE_DESCRIPTIONS } from '../auth/role-descriptions.js';
import * as repo from './users.repo.js';
import { INVITE_DAYS, inviteLink } from './users.service.js';

/** Every role with its one-line description, for pickers. */
export function listRoles() {
  return { data: ROLES.map((role) => ({ role, description: ROLE_DESCRIPTIONS[role] })) };
}

/** Invites not yet accepted or revoked, newest first; `expired` ones can be resent. */
export async function listInvites(options: { ctx: AppContext; actor: Actor; limit: number; cursor?: string }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'users:manage');
  const rows = await repo.listPendingInvites(ctx.db, actor.workspaceId, decodeIdCursor(options.cursor), limit);
  const page = pageOf(rows, limit, (r) => [r.id]);
  const now = new Date();
  return {
    data: page.data.map((i) => ({ id: i.id, email: i.email, role: i.role, invitedBy: i.invited_by_name, createdAt: i.created_at, expiresAt: i.expires_at, expired: i.expires_at < now })),
    nextCursor: page.nextCursor,
  };
}

async function pendingInvite(options: { ctx: AppContext; actor: Actor; id: number }) {
  requirePermission(options.actor, 'users:manage');
  const invite = await repo.findPendingInvite(options.ctx.db, options.actor.workspaceId, options.id);
  if (!invite) throw AppError.notFound('Invite');
  // Only an owner hands out (or takes back) the owner role.
  requireCanGrant(options.actor, invite.role);
  return invite;
}

export async function revokeInvite(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  const invite = await pendingInvite(options);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.revokeInvite(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'invite', entityId: id, action: 'revoke', before: { email: invite.email, role: invite.role } });
  });
  return { ok: true };
}

/** A new link for the same invite, valid for another week; the previous link stops working. */
export async function resendInvite(options: { ctx: AppContext; actor: Actor; id: number; baseUrl: string }) {
  const { ctx, actor, id } = options;
  const invite = await pendingInvite(options);
  const secretPart = newToken();
  const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.renewInvite(trx, actor.workspaceId, id, sha256(secretPart), expiresAt);
    await insertAudit(trx, actor, { entity: 'invite', entityId: id, action: 'resend', after: { email: invite.email, role: invite.role, expiresAt } });
  });
  return { invite: { id, email: invite.email, role: invite.role, expiresAt }, link: inviteLink(ctx, options.baseUrl, id, secretPart) };
}
