import { sql, type Kysely } from 'kysely';

// Rendered previews of unsaved templates, shown in a frame of their own: the app's CSP forbids the
// inline styles and remote images an email has, so the preview is a separate document with its own
// policy. Rows live minutes; each new preview deletes its workspace's old ones.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table template_previews (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    token text not null,
    html text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create unique index template_previews_token_key on template_previews (workspace_id, token)`.execute(db);
  await sql`create index template_previews_age_idx on template_previews (workspace_id, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists template_previews`.execute(db);
}
