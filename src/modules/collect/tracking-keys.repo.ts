import type { Executor } from '../../db/executor.js';
import type { TrackingKeysTable } from '../../db/schema.js';
import type { Insertable, Updateable } from 'kysely';

export function listTrackingKeys(db: Executor, workspaceId: number) {
  return db.selectFrom('tracking_keys').selectAll().where('workspace_id', '=', workspaceId).where('revoked_at', 'is', null).orderBy('id').execute();
}

/** By id alone: the collect endpoint learns the workspace from the key. */
export function findTrackingKey(db: Executor, id: number) {
  return db.selectFrom('tracking_keys').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
}

export function insertTrackingKey(db: Executor, values: Insertable<TrackingKeysTable>) {
  return db.insertInto('tracking_keys').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateTrackingKey(db: Executor, workspaceId: number, id: number, values: Updateable<TrackingKeysTable>) {
  return db.updateTable('tracking_keys').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
}

export function revokeTrackingKey(db: Executor, workspaceId: number, id: number) {
  return db.updateTable('tracking_keys').set({ revoked_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).where('revoked_at', 'is', null).returning(['id', 'name']).executeTakeFirst();
}
