import type { Executor } from '../../db/executor.js';

export function findWorkspaces(db: Executor) {
  return db.selectFrom('workspaces').select(['id', 'name']).orderBy('id').execute();
}
