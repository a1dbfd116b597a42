import { sql, type Kysely } from 'kysely';

// Sales: pipelines and stages, deals with their contacts, stage history and costs, activities
// (calls, meetings, tasks), in-app notifications and each user's notification preference.
const statements = [
  `create table pipelines (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    position integer not null default 0,
    created_at timestamptz not null default now()
  )`,
  `create index pipelines_ws_idx on pipelines (workspace_id, position, id)`,
  `create table pipeline_stages (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    pipeline_id bigint not null references pipelines(id) on delete cascade,
    name text not null,
    position integer not null,
    probability integer not null check (probability between 0 and 100),
    created_at timestamptz not null default now()
  )`,
  `create index pipeline_stages_pipeline_idx on pipeline_stages (pipeline_id, position)`,
  `create table lost_reasons (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    label text not null,
    position integer not null default 0,
    created_at timestamptz not null default now()
  )`,
  `create unique index lost_reasons_label_key on lost_reasons (workspace_id, lower(label))`,
  `create table deals (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    pipeline_id bigint not null references pipelines(id),
    stage_id bigint not null references pipeline_stages(id),
    title text not null,
    value numeric(14,2) not null default 0 check (value >= 0),
    currency char(3) not null,
    expected_close_date date,
    status text not null default 'open' check (status in ('open','won','lost')),
    owner_id bigint references users(id) on delete set null,
    company_id bigint references companies(id) on delete set null,
    tags text[] not null default '{}',
    custom jsonb not null default '{}',
    lost_reason_id bigint references lost_reasons(id) on delete set null,
    lost_note text,
    won_at timestamptz,
    lost_at timestamptz,
    closed_at timestamptz,
    stage_entered_at timestamptz not null default now(),
    search tsvector generated always as (to_tsvector('simple', title)) stored,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  // Board: a column is the open deals of one stage, newest first, paged on (created_at, id); the
  // column totals are an index-only scan of the same partial index (value is included).
  `create index deals_board_idx on deals (stage_id, created_at desc, id desc) include (value, currency, owner_id) where status = 'open'`,
  // Table view: keyset paging per sort key, scoped by workspace.
  `create index deals_ws_created_idx on deals (workspace_id, created_at, id)`,
  `create index deals_ws_updated_idx on deals (workspace_id, updated_at, id)`,
  `create index deals_owner_idx on deals (workspace_id, owner_id, status)`,
  `create index deals_company_idx on deals (workspace_id, company_id)`,
  // Forecast: open deals by expected close month; won deals by the month they were won.
  `create index deals_forecast_idx on deals (workspace_id, expected_close_date) include (value, currency, stage_id, owner_id, pipeline_id) where status = 'open'`,
  `create index deals_closed_idx on deals (workspace_id, closed_at) where closed_at is not null`,
  `create index deals_search_idx on deals using gin (search)`,
  `create index deals_tags_idx on deals using gin (tags)`,
  `create index deals_custom_idx on deals using gin (custom jsonb_path_ops)`,
  `create table deal_contacts (
    deal_id bigint not null references deals(id) on delete cascade,
    contact_id bigint not null references contacts(id) on delete cascade,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    primary key (deal_id, contact_id)
  )`,
  `create index deal_contacts_contact_idx on deal_contacts (contact_id)`,
  // Every stay of a deal in a stage; left_at is null for the current one (or set when it closes).
  `create table deal_stage_history (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    deal_id bigint not null references deals(id) on delete cascade,
    from_stage_id bigint references pipeline_stages(id) on delete set null,
    to_stage_id bigint not null references pipeline_stages(id) on delete cascade,
    entered_at timestamptz not null default now(),
    left_at timestamptz,
    actor_user_id bigint references users(id) on delete set null
  )`,
  `create index deal_stage_history_deal_idx on deal_stage_history (deal_id, entered_at, id)`,
  `create index deal_stage_history_stage_idx on deal_stage_history (to_stage_id, deal_id)`,
  `create table deal_costs (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    deal_id bigint not null references deals(id) on delete cascade,
    label text not null,
    amount numeric(14,2) not null check (amount >= 0),
    cost_date date not null,
    created_by bigint references users(id) on delete set null,
    created_at timestamptz not null default now()
  )`,
  `create index deal_costs_deal_idx on deal_costs (deal_id, cost_date, id)`,
  `create table activities (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    type text not null check (type in ('call','meeting','task')),
    subject text not null,
    notes text,
    deal_id bigint references deals(id) on delete cascade,
    contact_id bigint references contacts(id) on delete set null,
    company_id bigint references companies(id) on delete set null,
    assignee_id bigint references users(id) on delete set null,
    occurred_at timestamptz not null default now(),
    due_at timestamptz,
    done_at timestamptz,
    call_direction text check (call_direction in ('inbound','outbound')),
    call_outcome text,
    call_duration_seconds integer check (call_duration_seconds >= 0),
    meeting_start_at timestamptz,
    meeting_end_at timestamptz,
    meeting_location text,
    attendees jsonb not null default '[]',
    follow_up_of bigint references activities(id) on delete set null,
    created_by bigint references users(id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  // My day: a user's open tasks by due time (overdue, today, upcoming are ranges of it).
  `create index activities_my_day_idx on activities (assignee_id, due_at) where type = 'task' and done_at is null`,
  // Lists: newest first per workspace, deal, contact or company; workload counts by assignee.
  `create index activities_ws_idx on activities (workspace_id, occurred_at desc, id desc)`,
  `create index activities_deal_idx on activities (deal_id, occurred_at desc, id desc) where deal_id is not null`,
  `create index activities_contact_idx on activities (contact_id, occurred_at desc, id desc) where contact_id is not null`,
  `create index activities_company_idx on activities (company_id, occurred_at desc, id desc) where company_id is not null`,
  `create index activities_assignee_idx on activities (workspace_id, assignee_id, occurred_at)`,
  `create table notifications (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    user_id bigint not null references users(id) on delete cascade,
    kind text not null,
    title text not null,
    body text not null default '',
    link text,
    source_key text unique,
    email_status text not null default 'none' check (email_status in ('none','pending','sending','sent')),
    read_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create index notifications_user_idx on notifications (user_id, id desc)`,
  `create index notifications_unread_idx on notifications (user_id) where read_at is null`,
  `create table user_preferences (
    user_id bigint primary key references users(id) on delete cascade,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    email_reminders boolean not null default false,
    updated_at timestamptz not null default now()
  )`,
  // A deal's own timeline: events about a deal carry its id (contact and company rows stay as they are).
  `alter table timeline_events add column deal_id bigint references deals(id) on delete cascade`,
  `create index timeline_deal_idx on timeline_events (deal_id, occurred_at desc, id desc) where deal_id is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The sales migration cannot be reverted');
}
