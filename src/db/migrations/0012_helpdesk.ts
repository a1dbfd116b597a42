import { sql, type Kysely } from 'kysely';

// The help desk (issue 11): inboxes, tickets and their messages, SLA policies on business hours,
// canned replies, agent presence and signatures.
const statements = [
  `create table business_hours (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    time_zone text not null,
    weekly jsonb not null,
    holidays jsonb not null default '[]',
    created_at timestamptz not null default now()
  )`,
  `create index business_hours_ws_idx on business_hours (workspace_id, id)`,
  `create table inboxes (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    address text not null,
    assignment text not null default 'round_robin' check (assignment in ('manual','round_robin','fewest_open')),
    agent_ids jsonb not null default '[]',
    webhook_secret_sealed text,
    created_at timestamptz not null default now()
  )`,
  // An address belongs to one inbox in the whole installation: the inbound listener routes by it.
  `create unique index inboxes_address_key on inboxes (lower(address))`,
  `create table sla_policies (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    inbox_id bigint references inboxes(id) on delete cascade,
    priority text check (priority in ('low','normal','high','urgent')),
    first_response_minutes integer check (first_response_minutes > 0),
    next_response_minutes integer check (next_response_minutes > 0),
    resolution_minutes integer check (resolution_minutes > 0),
    warn_before_minutes integer not null default 30 check (warn_before_minutes >= 0),
    business_hours_id bigint references business_hours(id) on delete set null,
    created_at timestamptz not null default now()
  )`,
  `create index sla_policies_ws_idx on sla_policies (workspace_id, id)`,
  `create table tickets (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    inbox_id bigint references inboxes(id) on delete set null,
    subject text not null,
    status text not null default 'new' check (status in ('new','open','pending','on_hold','solved','closed')),
    priority text not null default 'normal' check (priority in ('low','normal','high','urgent')),
    channel text not null default 'email' check (channel in ('email','web','chat','api','phone')),
    assignee_id bigint references users(id) on delete set null,
    contact_id bigint references contacts(id) on delete set null,
    company_id bigint references companies(id) on delete set null,
    tags text[] not null default '{}',
    custom jsonb not null default '{}',
    merged_into_id bigint references tickets(id) on delete set null,
    sla_policy_id bigint references sla_policies(id) on delete set null,
    first_response_due_at timestamptz,
    next_response_due_at timestamptz,
    resolution_due_at timestamptz,
    first_responded_at timestamptz,
    solved_at timestamptz,
    -- The SLA clock pauses while the ticket waits on the customer (pending): pauses are kept as
    -- [start, end) pairs; paused_since is the open one.
    sla_pauses jsonb not null default '[]',
    paused_since timestamptz,
    sla_warned jsonb not null default '{}',
    csat_score smallint check (csat_score between 1 and 5),
    csat_comment text,
    csat_at timestamptz,
    search tsvector generated always as (to_tsvector('simple', coalesce(subject, ''))) stored,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index tickets_ws_idx on tickets (workspace_id, id desc)`,
  `create index tickets_open_idx on tickets (workspace_id, assignee_id, id desc) where status in ('new','open','pending','on_hold')`,
  `create index tickets_contact_idx on tickets (workspace_id, contact_id, id desc)`,
  `create index tickets_search_idx on tickets using gin (search)`,
  `create table ticket_messages (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    ticket_id bigint not null references tickets(id) on delete cascade,
    kind text not null check (kind in ('inbound','reply','note')),
    author_id bigint references users(id) on delete set null,
    from_address text,
    to_address text,
    subject text,
    body_text text not null default '',
    body_html text,
    message_id text,
    in_reply_to text,
    attachments jsonb not null default '[]',
    send_status text check (send_status in ('queued','sent','failed')),
    search tsvector generated always as (to_tsvector('simple', coalesce(body_text, ''))) stored,
    created_at timestamptz not null default now()
  )`,
  `create index ticket_messages_ticket_idx on ticket_messages (ticket_id, id)`,
  // Threading: a reply's In-Reply-To/References name one of these.
  `create index ticket_messages_mid_idx on ticket_messages (workspace_id, message_id) where message_id is not null`,
  `create index ticket_messages_search_idx on ticket_messages using gin (search)`,
  `create table canned_replies (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    body text not null,
    created_by bigint references users(id) on delete set null,
    created_at timestamptz not null default now()
  )`,
  `create index canned_replies_ws_idx on canned_replies (workspace_id, id)`,
  // Presence and signature of an agent, per workspace; last_assigned_at drives round robin.
  `create table agent_profiles (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    user_id bigint not null references users(id) on delete cascade,
    status text not null default 'away' check (status in ('online','away')),
    signature text not null default '',
    last_assigned_at timestamptz,
    updated_at timestamptz not null default now(),
    primary key (workspace_id, user_id)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['agent_profiles', 'canned_replies', 'ticket_messages', 'tickets', 'sla_policies', 'inboxes', 'business_hours']) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}
