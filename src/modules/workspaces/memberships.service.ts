import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { sha256 } from '../../lib/crypto.js';
import { insertAudit } from '../audit/audit.repo.js';
import * as authRepo from '../auth/auth.repo.js';
import { describeActor } from '../auth/auth.service.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import * as repo from './memberships.repo.js';

/** The workspaces the caller can act in; an API key belongs to its one workspace. */
export async function listMyWorkspaces(options: { ctx: AppContext; actor: Actor }) {
  const { ctx, actor } = options;
  const rows = actor.userId
    ? await repo.listMemberships(ctx.db, actor.userId)
    : [{ ...(await authRepo.findWorkspace(ctx.db, actor.workspaceId))!, role: actor.role }];
  return { data: rows.map((w) => ({ id: w.id, name: w.name, role: w.role, current: w.id === actor.workspaceId })) };
}

/**
 * A new, empty workspace owned by `ownerId` (default: the caller). Only an owner of the current
 * workspace may, and the new owner must be a member of it, so no one is handed a workspace by a
 * stranger. Audited in both workspaces.
 */
export async function createWorkspace(options: { ctx: AppContext; actor: Actor; name: string; ownerId?: number }) {
  const { ctx, actor, name } = options;
  requirePermission(actor, 'workspace:manage');
  const ownerId = options.ownerId ?? actor.userId;
  if (!ownerId) throw AppError.invalid({ path: 'ownerId', message: 'an API key has no person behind it: name the user who will own the new workspace' });
  return ctx.db.transaction().execute(async (trx) => {
    const owner = await authRepo.findUserById(trx, actor.workspaceId, ownerId);
    if (!owner || owner.disabled) throw AppError.invalid({ path: 'ownerId', message: `user ${ownerId} is not an active member of this workspace` });
    const workspace = await authRepo.insertWorkspace(trx, name);
    await authRepo.insertMembership(trx, { workspaceId: workspace.id, userId: ownerId, role: 'owner' });
    await insertAudit(trx, actor, { entity: 'workspace', entityId: workspace.id, action: 'create', after: { name, ownerId } });
    await insertAudit(trx, { ...actor, workspaceId: workspace.id }, { entity: 'workspace', entityId: workspace.id, action: 'create', after: { name, ownerId } });
    return { id: workspace.id, name: workspace.name, role: 'owner' as const, current: false };
  });
}

/** Moves the caller's session to another workspace they are an active member of. */
export async function switchWorkspace(options: { ctx: AppContext; actor: Actor; sessionToken: string | undefined; workspaceId: number }) {
  const { ctx, actor, sessionToken, workspaceId } = options;
  if (!actor.userId || !sessionToken) throw AppError.invalid({ path: 'workspaceId', message: 'an API key belongs to one workspace; log in to switch' });
  const membership = await authRepo.findMembership(ctx.db, workspaceId, actor.userId);
  if (!membership || membership.disabled) throw AppError.notFound('Workspace');
  await authRepo.setSessionWorkspace(ctx.db, sha256(sessionToken), workspaceId);
  return describeActor({ ctx, actor: { ...actor, workspaceId, role: membership.role } });
}
