import { sql, type Kysely } from 'kysely';

// Every table carries workspace_id (a sharded PostgreSQL such as Citus can distribute by it);
// the exceptions are `workspaces` itself and `instance_settings` (one row per installation).
const statements = [
  `create table instance_settings (key text primary key, value text not null)`,
  `create table workspaces (
    id bigint generated always as identity primary key,
    name text not null,
    settings jsonb not null default '{}',
    created_at timestamptz not null default now()
  )`,
  `create table users (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    email text not null,
    name text not null default '',
    role text not null check (role in ('owner','admin','sales','support','marketing','agency')),
    password_hash text,
    disabled boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create unique index users_email_key on users (lower(email))`,
  `create index users_workspace_idx on users (workspace_id, id)`,
  `create table sessions (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    user_id bigint not null references users(id) on delete cascade,
    token_hash text not null unique,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`,
  `create table api_keys (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    role text not null check (role in ('owner','admin','sales','support','marketing','agency')),
    prefix text not null,
    token_hash text not null unique,
    created_by bigint references users(id) on delete set null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
  `create table invites (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    email text not null,
    role text not null check (role in ('owner','admin','sales','support','marketing','agency')),
    invited_by bigint references users(id) on delete set null,
    token_hash text not null unique,
    expires_at timestamptz not null,
    accepted_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create table companies (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    domain text,
    phone text,
    industry text,
    owner_id bigint references users(id) on delete set null,
    tags text[] not null default '{}',
    custom jsonb not null default '{}',
    search tsvector,
    notes_search tsvector,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index companies_ws_name_idx on companies (workspace_id, lower(name), id)`,
  `create index companies_ws_updated_idx on companies (workspace_id, updated_at, id)`,
  `create index companies_search_idx on companies using gin (search)`,
  `create index companies_tags_idx on companies using gin (tags)`,
  `create index companies_ws_created_idx on companies (workspace_id, created_at, id)`,
  `create index companies_notes_search_idx on companies using gin (notes_search)`,
  `create index companies_custom_idx on companies using gin (custom jsonb_path_ops)`,
  `create table contacts (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    first_name text not null default '',
    last_name text not null default '',
    full_name text generated always as (btrim(first_name || ' ' || last_name)) stored,
    email text,
    email_normalized text,
    phone text,
    phone_normalized text,
    job_title text,
    birthday date,
    company_id bigint references companies(id) on delete set null,
    owner_id bigint references users(id) on delete set null,
    tags text[] not null default '{}',
    custom jsonb not null default '{}',
    search tsvector,
    notes_search tsvector,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  // One address per contact per workspace: imports match on it ("create or update by email").
  `create unique index contacts_email_key on contacts (workspace_id, lower(email)) where email is not null`,
  // Keyset pagination: each sortable column is indexed with id as the tie-breaker.
  `create index contacts_ws_id_idx on contacts (workspace_id, id)`,
  `create index contacts_ws_name_idx on contacts (workspace_id, lower(full_name), id)`,
  `create index contacts_ws_email_idx on contacts (workspace_id, lower(coalesce(email, '')), id)`,
  `create index contacts_ws_created_idx on contacts (workspace_id, created_at, id)`,
  `create index contacts_ws_updated_idx on contacts (workspace_id, updated_at, id)`,
  `create index contacts_email_norm_idx on contacts (workspace_id, email_normalized) where email_normalized is not null`,
  `create index contacts_phone_norm_idx on contacts (workspace_id, phone_normalized) where phone_normalized is not null`,
  `create index contacts_company_idx on contacts (workspace_id, company_id)`,
  `create index contacts_owner_idx on contacts (workspace_id, owner_id)`,
  `create index contacts_search_idx on contacts using gin (search)`,
  `create index contacts_notes_search_idx on contacts using gin (notes_search)`,
  `create index contacts_tags_idx on contacts using gin (tags)`,
  `create index contacts_custom_idx on contacts using gin (custom jsonb_path_ops)`,
  `create table custom_fields (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    entity text not null check (entity in ('contact','company','deal')),
    key text not null,
    label text not null,
    type text not null check (type in ('text','number','date','boolean','select','multiselect')),
    options jsonb not null default '[]',
    required boolean not null default false,
    position integer not null default 0,
    created_at timestamptz not null default now(),
    unique (workspace_id, entity, key)
  )`,
  `create table notes (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    contact_id bigint references contacts(id) on delete cascade,
    company_id bigint references companies(id) on delete cascade,
    author_id bigint references users(id) on delete set null,
    body text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (contact_id is not null or company_id is not null)
  )`,
  `create index notes_contact_idx on notes (workspace_id, contact_id, id)`,
  `create index notes_company_idx on notes (workspace_id, company_id, id)`,
  // One table of events that every module writes into; kinds are data, not an enum.
  `create table timeline_events (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    contact_id bigint references contacts(id) on delete cascade,
    company_id bigint references companies(id) on delete cascade,
    kind text not null,
    occurred_at timestamptz not null default now(),
    actor_user_id bigint references users(id) on delete set null,
    data jsonb not null default '{}'
  )`,
  // Timeline pages read newest first per record; segments later read by kind per contact.
  `create index timeline_contact_idx on timeline_events (contact_id, occurred_at desc, id desc) where contact_id is not null`,
  `create index timeline_company_idx on timeline_events (company_id, occurred_at desc, id desc) where company_id is not null`,
  `create index timeline_kind_idx on timeline_events (workspace_id, kind, contact_id, occurred_at)`,
  `create table audit_log (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    actor_user_id bigint references users(id) on delete set null,
    actor_api_key_id bigint references api_keys(id) on delete set null,
    actor_label text not null,
    entity text not null,
    entity_id bigint,
    action text not null,
    before jsonb,
    after jsonb,
    created_at timestamptz not null default now()
  )`,
  `create index audit_ws_idx on audit_log (workspace_id, id desc)`,
  `create index audit_entity_idx on audit_log (workspace_id, entity, entity_id, id desc)`,
  `create table imports (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    created_by bigint references users(id) on delete set null,
    actor_label text not null,
    filename text not null,
    status text not null check (status in ('uploaded','queued','running','completed','failed')),
    mode text not null default 'upsert' check (mode in ('create','update','upsert')),
    dry_run boolean not null default false,
    mapping jsonb not null default '{}',
    headers jsonb not null default '[]',
    sample jsonb not null default '[]',
    byte_size bigint not null default 0,
    total_rows integer,
    processed integer not null default 0,
    created integer not null default 0,
    updated integer not null default 0,
    failed integer not null default 0,
    error_message text,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz
  )`,
  `create index imports_ws_idx on imports (workspace_id, id desc)`,
  // The uploaded file lives in the database in chunks, so any worker process can stream it.
  `create table import_chunks (
    import_id bigint not null references imports(id) on delete cascade,
    seq integer not null,
    workspace_id bigint not null,
    data bytea not null,
    primary key (import_id, seq)
  )`,
  `create table import_errors (
    id bigint generated always as identity primary key,
    workspace_id bigint not null,
    import_id bigint not null references imports(id) on delete cascade,
    row_number integer not null,
    field text,
    message text not null
  )`,
  `create index import_errors_idx on import_errors (import_id, row_number, id)`,
  // Full-text search vectors are kept by triggers, so imports, merges and edits all stay in step.
  `create function contact_search_vector(c contacts) returns tsvector language sql stable as $$
    select to_tsvector('simple', concat_ws(' ',
      c.first_name, c.last_name, c.email, split_part(c.email, '@', 1), split_part(c.email, '@', 2),
      c.phone, c.phone_normalized, c.job_title,
      (select co.name from companies co where co.id = c.company_id)))
  $$`,
  `create function contacts_search_trigger() returns trigger language plpgsql as $$
  begin
    new.search := contact_search_vector(new);
    return new;
  end $$`,
  `create trigger contacts_search before insert or update of first_name, last_name, email, phone, phone_normalized, job_title, company_id
    on contacts for each row execute function contacts_search_trigger()`,
  `create function companies_search_trigger() returns trigger language plpgsql as $$
  begin
    new.search := to_tsvector('simple', concat_ws(' ', new.name, new.domain, new.phone, new.industry));
    return new;
  end $$`,
  `create trigger companies_search before insert or update of name, domain, phone, industry
    on companies for each row execute function companies_search_trigger()`,
  `create function companies_rename_trigger() returns trigger language plpgsql as $$
  begin
    update contacts c set search = contact_search_vector(c) where c.company_id = new.id;
    return null;
  end $$`,
  `create trigger companies_rename after update of name on companies
    for each row when (old.name is distinct from new.name) execute function companies_rename_trigger()`,
  `create function refresh_notes_search(p_contact bigint, p_company bigint) returns void language plpgsql as $$
  begin
    if p_contact is not null then
      update contacts set notes_search = (select to_tsvector('simple', coalesce(string_agg(body, ' '), ''))
        from notes where contact_id = p_contact) where id = p_contact;
    end if;
    if p_company is not null then
      update companies set notes_search = (select to_tsvector('simple', coalesce(string_agg(body, ' '), ''))
        from notes where company_id = p_company) where id = p_company;
    end if;
  end $$`,
  `create function notes_search_trigger() returns trigger language plpgsql as $$
  begin
    if tg_op <> 'DELETE' then perform refresh_notes_search(new.contact_id, new.company_id); end if;
    if tg_op <> 'INSERT' then perform refresh_notes_search(old.contact_id, old.company_id); end if;
    return null;
  end $$`,
  `create trigger notes_search after insert or update or delete on notes
    for each row execute function notes_search_trigger()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reverted');
}
