import type { Executor } from '../../db/executor.js';

/** The workspaces a user may switch to, oldest first (memberships_user_idx). */
export function listMemberships(db: Executor, userId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['w.id', 'w.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('m.disabled', '=', false)
    .orderBy('w.id')
    .limit(1000)
    .execute();
}
