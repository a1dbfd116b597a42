import { sql, type Kysely } from 'kysely';

// Lists and the consent ledger: the foundation the email service sends through.
const statements = [
  `create table lists (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    description text,
    purpose text not null default 'marketing' check (purpose in ('marketing','transactional')),
    created_at timestamptz not null default now()
  )`,
  // People pick a list by name in campaigns and forms, so names are unique (case-insensitively).
  `create unique index lists_ws_name_key on lists (workspace_id, lower(name))`,
  `create index lists_ws_idx on lists (workspace_id, id)`,
  `create table list_members (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    list_id bigint not null references lists(id) on delete cascade,
    contact_id bigint not null references contacts(id) on delete cascade,
    status text not null check (status in ('subscribed','unsubscribed','pending')),
    updated_at timestamptz not null default now(),
    primary key (list_id, contact_id)
  )`,
  // Segment conditions "on list L with status S" read this index only (semi-join or per-contact
  // probe); the members page walks it in contact_id order too.
  `create index list_members_seg_idx on list_members (workspace_id, list_id, status, contact_id)`,
  // The contact-delete cascade and the merge hook look rows up by contact.
  `create index list_members_contact_idx on list_members (contact_id)`,
  // The ledger: append-only proof of every consent change. list_id has no foreign key on purpose:
  // deleting a list must not erase or blur (set null = "channel-wide") the proof of what was
  // agreed to; identity ids are never reused, so the number stays unambiguous.
  `create table consent_events (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    contact_id bigint not null references contacts(id) on delete cascade,
    list_id bigint,
    channel text not null check (channel in ('email')),
    status text not null check (status in ('granted','withdrawn','pending')),
    source text not null check (source in ('form','import','api','ui')),
    ip text,
    text_shown text,
    recorded_at timestamptz not null default now(),
    actor_user_id bigint references users(id) on delete set null
  )`,
  `create index consent_events_contact_idx on consent_events (workspace_id, contact_id, id)`,
  // The current state, written in the same transaction as each ledger row. list_id null means
  // consent for the whole channel; the unique index treats it as list 0 (nulls are distinct in a
  // plain unique index), and the upsert and the segment probe use the same coalesce expression.
  `create table contact_consents (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    contact_id bigint not null references contacts(id) on delete cascade,
    channel text not null check (channel in ('email')),
    list_id bigint references lists(id) on delete cascade,
    status text not null check (status in ('granted','withdrawn','pending')),
    updated_at timestamptz not null default now()
  )`,
  `create unique index contact_consents_key on contact_consents (workspace_id, contact_id, channel, (coalesce(list_id, 0)))`,
  // "Consent is granted for email (on list L)" for many contacts at once: an index-only range.
  `create index contact_consents_seg_idx on contact_consents (workspace_id, channel, (coalesce(list_id, 0)), status, contact_id)`,
  `create index contact_consents_contact_idx on contact_consents (contact_id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop table if exists contact_consents, consent_events, list_members, lists').execute(db);
}
