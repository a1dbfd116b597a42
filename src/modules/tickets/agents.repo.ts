import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { AssignmentMode } from '../../db/schema-helpdesk.js';
import { OPEN_STATUSES } from './tickets.repo.js';

/**
 * Picks the agent for a new ticket of an inbox, among its agents who are online: round robin (the
 * one assigned longest ago) or fewest open tickets. The chosen agent's row is locked and stamped
 * in the caller's transaction, so two tickets arriving at once go to two agents.
 */
export async function chooseAssignee(db: Executor, workspaceId: number, mode: AssignmentMode, agentIds: number[]): Promise<number | null> {
  if (mode === 'manual' || agentIds.length === 0) return null;
  const online = db.selectFrom('agent_profiles as a')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'a.user_id').onRef('m.workspace_id', '=', 'a.workspace_id'))
    .where('a.workspace_id', '=', workspaceId).where('a.status', '=', 'online').where('a.user_id', 'in', agentIds.slice(0, 500))
    .where('m.disabled', '=', false);
  const chosen = mode === 'round_robin'
    ? await online.select('a.user_id').orderBy(sql`a.last_assigned_at asc nulls first`).orderBy('a.user_id').limit(1).forUpdate().skipLocked().executeTakeFirst()
    : await online.select(['a.user_id', (eb) => eb.selectFrom('tickets as t').select(sql<number>`count(*)::int`.as('n'))
      .whereRef('t.assignee_id', '=', 'a.user_id').where('t.workspace_id', '=', workspaceId).where('t.status', 'in', OPEN_STATUSES).as('open')])
      .orderBy('open').orderBy(sql`a.last_assigned_at asc nulls first`).limit(1).executeTakeFirst();
  if (!chosen) return null;
  await db.updateTable('agent_profiles').set({ last_assigned_at: new Date() }).where('workspace_id', '=', workspaceId).where('user_id', '=', chosen.user_id).execute();
  return chosen.user_id;
}

/** Presence and signature of an agent in a workspace; only the fields given change. */
export function upsertAgentProfile(db: Executor, workspaceId: number, userId: number, set: { status?: 'online' | 'away'; signature?: string }) {
  const values = { ...set, updated_at: new Date() };
  return db.insertInto('agent_profiles').values({ workspace_id: workspaceId, user_id: userId, ...values })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet(values)).returning(['status', 'signature']).executeTakeFirstOrThrow();
}

export async function agentSignature(db: Executor, workspaceId: number, userId: number): Promise<string> {
  const row = await db.selectFrom('agent_profiles').select('signature').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return row?.signature ?? '';
}
