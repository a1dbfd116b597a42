import { sql, type Kysely } from 'kysely';

// Idempotent POSTs (`Idempotency-Key` header): the first request with a key reserves it (status
// null), and its answer is kept for a day, so a client that lost the answer — a phone dropping its
// connection mid-request, the offline outbox replaying a note — gets the same answer again instead
// of a second note. Keys are per workspace and per caller (a user or an API key).
const statements = [
  `create table idempotency_keys (
    workspace_id integer not null references workspaces(id) on delete cascade,
    caller text not null,
    key text not null,
    fingerprint text not null,
    status integer,
    content_type text,
    body text,
    created_at timestamptz not null default now(),
    primary key (workspace_id, caller, key)
  )`,
  // The hourly purge walks keys by age.
  `create index idempotency_keys_created_idx on idempotency_keys (created_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop table if exists idempotency_keys').execute(db);
}
