import { sql, type Kysely } from 'kysely';

// The CRM workbench's data side (issue 10 §3, §4): bulk operations with progress and an undo
// window for deletes, and saved views of the contacts, companies and deals lists.
const statements = [
  // A bulk delete hides its contacts at once (deleted_at) and purges them when the undo window
  // closes; restoring clears the mark. Lists, search and bulk selections skip marked rows.
  `alter table contacts add column deleted_at timestamptz`,
  `create index contacts_deleted_idx on contacts (workspace_id, id) where deleted_at is not null`,
  `create table bulk_operations (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    actor jsonb not null,
    action text not null,
    params jsonb not null,
    contact_ids bigint[] not null,
    total integer not null,
    processed integer not null default 0,
    status text not null check (status in ('queued','running','undoable','done','undone','failed')),
    result jsonb not null default '{}',
    undo_until timestamptz,
    error text,
    created_at timestamptz not null default now(),
    finished_at timestamptz
  )`,
  `create index bulk_operations_ws_idx on bulk_operations (workspace_id, id desc)`,
  `create table saved_views (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    user_id bigint references users(id) on delete cascade,
    entity text not null check (entity in ('contact','company','deal')),
    name text not null,
    shared boolean not null default false,
    config jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index saved_views_ws_idx on saved_views (workspace_id, entity, id)`,
  `create unique index saved_views_name_key on saved_views (workspace_id, entity, user_id, lower(name))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table if exists saved_views').execute(db);
  await sql.raw('drop table if exists bulk_operations').execute(db);
  await sql.raw('alter table contacts drop column if exists deleted_at').execute(db);
}
