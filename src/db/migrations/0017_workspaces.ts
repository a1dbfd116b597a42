import { sql, type Kysely } from 'kysely';

// Several workspaces (issue 10): a user belongs to any number of them with a role in each. The
// membership is the truth for role and access; users.workspace_id/role/disabled remain the
// user's first (home) workspace, kept equal to that membership. Invites can be revoked.
const statements = [
  `create table memberships (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    user_id bigint not null references users(id) on delete cascade,
    role text not null check (role in ('owner','admin','sales','support','marketing','agency')),
    disabled boolean not null default false,
    created_at timestamptz not null default now(),
    primary key (workspace_id, user_id)
  )`,
  // The workspace switcher lists a user's memberships.
  `create index memberships_user_idx on memberships (user_id, workspace_id)`,
  `insert into memberships (workspace_id, user_id, role, disabled, created_at)
    select workspace_id, id, role, disabled, created_at from users`,
  `alter table invites add column revoked_at timestamptz`,
  // Pending invites of a workspace, newest first.
  `create index invites_ws_idx on invites (workspace_id, id desc)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop index if exists invites_ws_idx').execute(db);
  await sql.raw('alter table invites drop column revoked_at').execute(db);
  await sql.raw('drop table if exists memberships').execute(db);
}
