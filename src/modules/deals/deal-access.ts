import type { Executor } from '../../db/executor.js';
import { can, requirePermission, type Actor, type Permission } from '../auth/permissions.js';
import { salesSeeAllDeals } from '../workspaces/workspaces.service.js';
import type { DealScope } from './deals.repo.js';

/**
 * Which deals the actor sees (and, with deals:write, edits): all with 'deals:read_all' (owner,
 * admin), all for the sales role when the workspace turns `salesSeeAllDeals` on, otherwise only
 * the deals they own. A deal outside the scope is "not found", like another workspace's record.
 */
export async function dealScope(db: Executor, actor: Actor, permission: Permission = 'deals:read'): Promise<DealScope> {
  requirePermission(actor, permission);
  if (can(actor, 'deals:read_all')) return { all: true };
  if (actor.role === 'sales' && (await salesSeeAllDeals(db, actor.workspaceId))) return { all: true };
  return { all: false, ownerId: actor.userId };
}

/** The scope of deals whose activities the actor may see; null when it sees no deals at all. */
export async function activityDealScope(db: Executor, actor: Actor): Promise<DealScope | null> {
  return can(actor, 'deals:read') ? dealScope(db, actor) : null;
}
