import { sql, type Kysely } from 'kysely';

// Live chat across processes (issue 11 §7, §4). Several server processes on one PostgreSQL share
// who is connected through chat_presence: one row per visitor session or agent, per process that
// holds a socket of theirs, kept alive by that process's heartbeat. A process that dies stops
// beating, so its rows expire and its visitors read as gone. Widgets also gain their corner.
const statements = [
  `create table chat_presence (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    kind text not null check (kind in ('visitor', 'agent')),
    subject_id bigint not null,
    node_id text not null,
    expires_at timestamptz not null,
    primary key (workspace_id, kind, subject_id, node_id)
  )`,
  // The heartbeat renews one process's rows; the sweep deletes what expired.
  `create index chat_presence_node_idx on chat_presence (node_id)`,
  `create index chat_presence_expiry_idx on chat_presence (expires_at)`,
  `alter table chat_widgets add column position text not null default 'right' check (position in ('right', 'left'))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('alter table chat_widgets drop column if exists position').execute(db);
  await sql.raw('drop table if exists chat_presence').execute(db);
}
