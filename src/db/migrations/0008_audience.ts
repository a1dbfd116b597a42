import { sql, type Kysely } from 'kysely';

// The email audience (issue 8): opt-in modes, a richer consent ledger, sign-up forms, the
// suppression list, used confirmation links, and DB-backed counters for public rate limits.
const statements = [
  `alter table lists add column opt_in_mode text not null default 'single' check (opt_in_mode in ('single','double'))`,
  `alter table lists add column public_name text`,
  `alter table lists add column public_description text`,
  `alter table lists add column sender_name text`,
  // Sources grow to every path a consent can take; 'ui' stays valid for rows written before.
  `alter table consent_events drop constraint consent_events_source_check`,
  `alter table consent_events add constraint consent_events_source_check check (source in
    ('form','confirmation','preference_centre','one_click_unsubscribe','import','api','admin','ui'))`,
  `alter table consent_events add column user_agent text`,
  `alter table consent_events add column form_id bigint`,
  `alter table consent_events add column lawful_basis text`,
  `alter table consent_events add column proof text`,
  `alter table consent_events add column actor_label text`,
  `create table forms (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    list_ids jsonb not null,
    fields jsonb not null,
    consent_text text not null,
    success_message text,
    redirect_url text,
    enabled boolean not null default true,
    submissions integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index forms_ws_idx on forms (workspace_id, id)`,
  // email_hash = HMAC(secret, normalised address): an erased contact's address is kept only as
  // this hash, so it stays suppressed without Rapport holding the address itself.
  `create table suppressions (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    email text,
    email_hash text not null,
    reason text not null check (reason in ('unsubscribed','hard_bounce','complaint','manual','imported','erased')),
    note text,
    created_at timestamptz not null default now()
  )`,
  `create unique index suppressions_hash_key on suppressions (workspace_id, email_hash)`,
  `create index suppressions_ws_idx on suppressions (workspace_id, id desc)`,
  // A confirmation link works once: its nonce is recorded here when sent and marked when used.
  `create table confirmation_tokens (
    nonce text primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    contact_id bigint not null references contacts(id) on delete cascade,
    list_ids jsonb not null,
    form_id bigint,
    fields jsonb not null default '{}',
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create index confirmation_tokens_contact_idx on confirmation_tokens (contact_id)`,
  // Fixed-window counters shared by every process: per-IP and per-address public limits and the
  // 3-confirmations-per-address-per-day cap. Keys hold hashes, never raw addresses.
  `create table rate_counters (
    bucket text not null,
    key text not null,
    window_start timestamptz not null,
    count integer not null default 0,
    primary key (bucket, key, window_start)
  )`,
  `create index rate_counters_window_idx on rate_counters (window_start)`,
  // An import that also subscribes its rows to a list keeps the declared consent with it
  // ({ listId, lawfulBasis, proof, textShown }), so the job (any process) applies it per batch.
  `alter table imports add column subscribe jsonb`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('alter table imports drop column subscribe').execute(db);
  await sql.raw('drop table if exists rate_counters, confirmation_tokens, suppressions, forms').execute(db);
  for (const c of ['user_agent', 'form_id', 'lawful_basis', 'proof', 'actor_label']) await sql.raw(`alter table consent_events drop column ${c}`).execute(db);
  for (const c of ['opt_in_mode', 'public_name', 'public_description', 'sender_name']) await sql.raw(`alter table lists drop column ${c}`).execute(db);
}
