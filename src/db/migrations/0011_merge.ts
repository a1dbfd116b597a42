import { sql, type Kysely } from 'kysely';

// Safe merge (issue 10 §6): a contact holds secondary emails and phones (the merged-away ones),
// findable by search; names are compared by trigram similarity for fuzzy duplicate detection.
// The primary address stays on contacts.email: dedupe and the send guard keep reading it.
const statements = [
  `create extension if not exists pg_trgm`,
  `create table contact_emails (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    contact_id bigint not null references contacts(id) on delete cascade,
    email text not null,
    email_normalized text not null,
    created_at timestamptz not null default now(),
    primary key (contact_id, email_normalized)
  )`,
  `create index contact_emails_norm_idx on contact_emails (workspace_id, email_normalized)`,
  `create table contact_phones (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    contact_id bigint not null references contacts(id) on delete cascade,
    phone text not null,
    phone_normalized text not null,
    created_at timestamptz not null default now(),
    primary key (contact_id, phone_normalized)
  )`,
  `create index contact_phones_norm_idx on contact_phones (workspace_id, phone_normalized)`,
  // Fuzzy candidates look up each recent contact's similar names through this index (% operator).
  `create index contacts_name_trgm_idx on contacts using gin (lower(full_name) gin_trgm_ops)`,
  // Search reads the secondary addresses too; the merge refreshes the vector after adding them.
  `create or replace function contact_search_vector(c contacts) returns tsvector language sql stable as $$
    select to_tsvector('simple', concat_ws(' ',
      c.first_name, c.last_name, c.email, split_part(c.email, '@', 1), split_part(c.email, '@', 2),
      c.phone, c.phone_normalized, c.job_title,
      (select co.name from companies co where co.id = c.company_id),
      (select string_agg(concat_ws(' ', e.email, split_part(e.email, '@', 1)), ' ') from contact_emails e where e.contact_id = c.id),
      (select string_agg(concat_ws(' ', p.phone, p.phone_normalized), ' ') from contact_phones p where p.contact_id = c.id)))
  $$`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`create or replace function contact_search_vector(c contacts) returns tsvector language sql stable as $$
    select to_tsvector('simple', concat_ws(' ',
      c.first_name, c.last_name, c.email, split_part(c.email, '@', 1), split_part(c.email, '@', 2),
      c.phone, c.phone_normalized, c.job_title,
      (select co.name from companies co where co.id = c.company_id)))
  $$`).execute(db);
  await sql.raw('drop index if exists contacts_name_trgm_idx').execute(db);
  await sql.raw('drop table if exists contact_phones, contact_emails').execute(db);
}
