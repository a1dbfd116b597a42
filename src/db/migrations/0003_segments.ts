import { sql, type Kysely } from 'kysely';

// Segments: saved condition trees (dynamic) and frozen memberships (static).
const statements = [
  `create table segments (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    description text,
    kind text not null check (kind in ('dynamic','static')),
    tree jsonb not null,
    tree_version integer not null default 1,
    created_by bigint references users(id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    last_count integer,
    last_counted_at timestamptz
  )`,
  // Names are how people pick a segment in a campaign or a saved view, so they are unique.
  `create unique index segments_ws_name_key on segments (workspace_id, lower(name))`,
  `create index segments_ws_idx on segments (workspace_id, id)`,
  // A static segment's members, frozen when it was made. The primary key serves the membership
  // test `exists (… segment_id = $s and contact_id = c.id)`; the second index serves the
  // cascade when a contact is deleted and the merge hook.
  `create table segment_members (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    segment_id bigint not null references segments(id) on delete cascade,
    contact_id bigint not null references contacts(id) on delete cascade,
    primary key (workspace_id, segment_id, contact_id)
  )`,
  `create index segment_members_contact_idx on segment_members (contact_id)`,
  // "Did EVENT in the last N days" for many contacts at once: a range scan over the recent
  // events of one kind, index-only for contact_id, feeding a hash semi-join. The older
  // timeline_kind_idx (workspace_id, kind, contact_id, occurred_at) serves the per-contact probe
  // (first page, "at least N times") instead.
  `create index timeline_kind_time_idx on timeline_events (workspace_id, kind, occurred_at) include (contact_id) where contact_id is not null`,
  // "Birthday in the next N days" compares month*100+day against one or two ranges (two when the
  // window wraps the year). extract(… from date) is immutable, so the expression can be indexed.
  `create index contacts_birthday_mmdd_idx on contacts (workspace_id, ((extract(month from birthday) * 100 + extract(day from birthday))::integer))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop table if exists segment_members, segments').execute(db);
  await sql.raw('drop index if exists timeline_kind_time_idx, contacts_birthday_mmdd_idx').execute(db);
}
