import type { Executor } from '../../db/executor.js';
import type { Role } from '../../db/schema.js';

export function insertApiKey(db: Executor, row: { workspaceId: number; name: string; role: Role; prefix: string; tokenHash: string; createdBy: number | null }) {
  return db
    .insertInto('api_keys')
    .values({ workspace_id: row.workspaceId, name: row.name, role: row.role, prefix: row.prefix, token_hash: row.tokenHash, created_by: row.createdBy })
    .returning(['id', 'name', 'role', 'prefix', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
}

export function listApiKeys(db: Executor, workspaceId: number) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'role', 'prefix', 'created_at', 'last_used_at'])
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
}

export function revokeApiKey(db: Executor, workspaceId: number, id: number) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
}

/** token_hash is unique (api_keys_token_hash_key). */
export function findApiKeyByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'workspace_id as workspaceId', 'role', 'name', 'revoked_at as revokedAt'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export function touchApiKey(db: Executor, id: number) {
  return db.updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', id).execute();
}
