import { sql, type Kysely } from 'kysely';

// Collection (issue 12 §1–3): tracking keys for the snippet, the identity graph (visitors and the
// external ids of contacts), the raw events and the web sessions summarised from them.
//
// web_events is partitioned twice: by LIST on `page` (page views apart from other events, so the
// retention job drops old raw page views and keeps custom events) and each half by RANGE on
// occurred_at, one partition a month. Month partitions are made ahead by the events job and on
// demand for a backfilled month; a DEFAULT partition under each half catches anything else, so an
// insert never fails for want of a partition. Every unique index carries the partition keys.
const statements = [
  `create table tracking_keys (
    id bigserial primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    allowed_origins text[] not null default '{}',
    honor_privacy_signals boolean not null default true,
    require_consent boolean not null default false,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
  )`,
  `create index tracking_keys_ws_idx on tracking_keys (workspace_id, id)`,
  // One browser (the snippet's anonymous id) or, for server-side events, one contact
  // ('contact:<id>'). Events point at a visitor; the visitor points at its contact once known,
  // so identifying or merging moves one row, never the events.
  `create table visitors (
    id bigserial primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    anonymous_id text not null,
    contact_id bigint references contacts(id) on delete set null,
    first_seen_at timestamptz not null,
    last_seen_at timestamptz not null,
    unique (workspace_id, anonymous_id)
  )`,
  `create index visitors_contact_idx on visitors (workspace_id, contact_id) where contact_id is not null`,
  // Several external ids per contact: a shop's customer id, a chat id, the site's user id.
  `create table contact_identities (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    source text not null,
    external_id text not null,
    contact_id bigint not null references contacts(id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (workspace_id, source, external_id)
  )`,
  `create index contact_identities_contact_idx on contact_identities (workspace_id, contact_id)`,
  `create table web_events (
    workspace_id bigint not null,
    event_id text not null,
    visitor_id bigint not null,
    page boolean not null,
    name text not null,
    occurred_at timestamptz not null,
    received_at timestamptz not null default now(),
    session_id text,
    url text,
    path text,
    title text,
    referrer text,
    properties jsonb not null default '{}'
  ) partition by list (page)`,
  `create table web_events_pv partition of web_events for values in (true) partition by range (occurred_at)`,
  `create table web_events_ev partition of web_events for values in (false) partition by range (occurred_at)`,
  `create table web_events_pv_default partition of web_events_pv default`,
  `create table web_events_ev_default partition of web_events_ev default`,
  // Idempotency: an event id is one event (its timestamp and kind travel with it on every retry).
  `create unique index web_events_id_idx on web_events (workspace_id, event_id, occurred_at, page)`,
  // A visitor's history (identify back-fill, the contact page).
  `create index web_events_visitor_idx on web_events (workspace_id, visitor_id, occurred_at)`,
  // Segment conditions: one kind over a time window, visitor carried for the join to contacts.
  `create index web_events_name_idx on web_events (workspace_id, name, occurred_at) include (visitor_id)`,
  `create table web_sessions (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    visitor_id bigint not null references visitors(id) on delete cascade,
    session_id text not null,
    started_at timestamptz not null,
    last_seen_at timestamptz not null,
    page_count integer not null default 0,
    event_count integer not null default 0,
    landing_event_id text not null,
    landing_url text,
    landing_title text,
    referrer text,
    utm jsonb not null default '{}',
    timeline_event_id bigint,
    primary key (workspace_id, visitor_id, session_id)
  )`,
  `create index web_sessions_visitor_idx on web_sessions (workspace_id, visitor_id, started_at desc)`,
  // Kept after the raw page views are dropped: per day, event name and path.
  `create table web_event_daily (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    day date not null,
    name text not null,
    path text not null default '',
    events integer not null,
    visitors integer not null,
    primary key (workspace_id, day, name, path)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['web_event_daily', 'web_sessions', 'web_events', 'contact_identities', 'visitors', 'tracking_keys']) await sql.raw(`drop table if exists ${t}`).execute(db);
}
