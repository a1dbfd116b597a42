import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

export function findWorkspaces(db: Executor) {
  return db.selectFrom('workspaces').select(['id', 'name']).orderBy('id').execute();
}

export function findWorkspace(db: Executor, id: number) {
  return db.selectFrom('workspaces').select(['id', 'name', 'settings', 'created_at']).where('id', '=', id).executeTakeFirst();
}

/** The workspace's own settings (jsonb); callers read single keys with defaults. */
export async function workspaceSettings(db: Executor, id: number): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('workspaces').select('settings').where('id', '=', id).executeTakeFirst();
  return row?.settings ?? {};
}

/** Merges the given keys into `settings` (jsonb ||), leaving other modules' keys alone. */
export function updateWorkspace(db: Executor, id: number, patch: { name?: string; settings?: Record<string, unknown> }) {
  return db
    .updateTable('workspaces')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.settings ? { settings: sql`settings || ${JSON.stringify(patch.settings)}::jsonb` } : {}),
      ...(patch.name === undefined && !patch.settings ? { name: sql`name` } : {}), // `PATCH {}`: an empty SET is a syntax error
    })
    .where('id', '=', id)
    .returning(['id', 'name', 'settings', 'created_at'])
    .executeTakeFirst();
}
