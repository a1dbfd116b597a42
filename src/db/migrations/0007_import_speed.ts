import { sql, type Kysely } from 'kysely';

// Faster contact imports (bench/import.bench.ts).
const statements = [
  // The search document from a contact's parts and its company's name. One definition for the
  // trigger below and for bulk writers (the importer), which compute it set-based with a join on
  // companies instead of a subquery per row through a PL/pgSQL trigger.
  `create function contact_search_document(first_name text, last_name text, email text, phone text, phone_normalized text, job_title text, company_name text)
    returns tsvector language sql stable parallel safe as $$
    select to_tsvector('simple', concat_ws(' ',
      first_name, last_name, email, split_part(email, '@', 1), split_part(email, '@', 2),
      phone, phone_normalized, job_title, company_name))
  $$`,
  `create or replace function contact_search_vector(c contacts) returns tsvector language sql stable as $$
    select contact_search_document(c.first_name, c.last_name, c.email, c.phone, c.phone_normalized, c.job_title,
      (select co.name from companies co where co.id = c.company_id))
  $$`,
  // The trigger stays the default for every writer. It is skipped for rows whose writer set the
  // vector itself (an insert with a search value, an update that changes it) and for updates that
  // change no searchable column. WHEN is evaluated without entering PL/pgSQL: skipped rows cost nothing.
  `drop trigger contacts_search on contacts`,
  `create trigger contacts_search before insert on contacts
    for each row when (new.search is null) execute function contacts_search_trigger()`,
  `create trigger contacts_search_update before update of first_name, last_name, email, phone, phone_normalized, job_title, company_id
    on contacts for each row
    when (new.search is not distinct from old.search
      and (new.first_name, new.last_name, new.email, new.phone, new.phone_normalized, new.job_title, new.company_id)
          is distinct from (old.first_name, old.last_name, old.email, old.phone, old.phone_normalized, old.job_title, old.company_id))
    execute function contacts_search_trigger()`,
  // The uploaded file's SHA-256: the audit log names an import's rows by file, hash and row number.
  `alter table imports add column file_sha256 text`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop trigger if exists contacts_search_update on contacts`).execute(db);
  await sql.raw(`drop trigger if exists contacts_search on contacts`).execute(db);
  await sql.raw(`create trigger contacts_search before insert or update of first_name, last_name, email, phone, phone_normalized, job_title, company_id
    on contacts for each row execute function contacts_search_trigger()`).execute(db);
  await sql.raw(`create or replace function contact_search_vector(c contacts) returns tsvector language sql stable as $$
    select to_tsvector('simple', concat_ws(' ',
      c.first_name, c.last_name, c.email, split_part(c.email, '@', 1), split_part(c.email, '@', 2),
      c.phone, c.phone_normalized, c.job_title,
      (select co.name from companies co where co.id = c.company_id)))
  $$`).execute(db);
  await sql.raw(`drop function if exists contact_search_document(text, text, text, text, text, text, text)`).execute(db);
  await sql.raw(`alter table imports drop column if exists file_sha256`).execute(db);
}
