import type { Generated } from 'kysely';

/** Row type of idempotent POSTs (migration 0032_idempotency_keys). */
export interface IdempotencyKeysTable {
  workspace_id: number;
  /** `user:<id>` or `key:<id>`: whoever sent the request. */
  caller: string;
  key: string;
  /** SHA-256 of method, route and body: the same key with another request is refused. */
  fingerprint: string;
  /** null while the first request runs. */
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: Generated<Date>;
}

export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable;
}
