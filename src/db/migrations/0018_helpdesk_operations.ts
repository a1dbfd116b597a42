import { sql, type Kysely } from 'kysely';

// The help desk's second part (issue 11): personal or shared canned replies, SLA breach markers
// beside the warning ones, the CSAT survey's send stamp, and bulk ticket operations with progress.
const statements = [
  // A personal reply is seen only by its author; a shared one by everyone who works tickets.
  `alter table canned_replies add column shared boolean not null default true`,
  `alter table canned_replies add column updated_at timestamptz not null default now()`,
  // The list an agent opens: the shared ones and their own, by name.
  `create index canned_replies_owner_idx on canned_replies (workspace_id, created_by)`,
  // Per target, the due time that was reported breached (sla_warned holds the warned ones), so
  // each due time is notified once, and a due time moved by a pause is notified again.
  `alter table tickets add column sla_breached jsonb not null default '{}'`,
  // When the satisfaction survey of the current solve went out (null: not yet, or reopened since).
  `alter table tickets add column csat_requested_at timestamptz`,
  // The SLA watch reads open, running tickets by their next due time.
  `create index tickets_sla_watch_idx on tickets (least(case when first_responded_at is null then first_response_due_at end, next_response_due_at, case when solved_at is null then resolution_due_at end))
    where status in ('new','open','on_hold') and paused_since is null`,
  // Reports read a workspace's tickets by creation time.
  `create index tickets_created_idx on tickets (workspace_id, created_at)`,
  `create table ticket_bulk_operations (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    actor jsonb not null,
    action jsonb not null,
    ticket_ids bigint[] not null,
    total integer not null,
    processed integer not null default 0,
    status text not null check (status in ('queued','running','done','failed')),
    result jsonb not null default '{}',
    error text,
    created_at timestamptz not null default now(),
    finished_at timestamptz
  )`,
  `create index ticket_bulk_operations_ws_idx on ticket_bulk_operations (workspace_id, id desc)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop table if exists ticket_bulk_operations').execute(db);
  for (const index of ['tickets_created_idx', 'tickets_sla_watch_idx', 'canned_replies_owner_idx']) await sql.raw(`drop index if exists ${index}`).execute(db);
  await sql.raw('alter table tickets drop column csat_requested_at, drop column sla_breached').execute(db);
  await sql.raw('alter table canned_replies drop column updated_at, drop column shared').execute(db);
}
