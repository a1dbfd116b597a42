import { sql, type Kysely } from 'kysely';

// Imports that don't decide silently (issue 10 §7): what a file holds (contacts, companies or
// deals), the choices the user made before it ran (which row of a repeated email wins, the
// file's date format), rows skipped by those choices, and row warnings beside row errors.
const statements = [
  `alter table imports add column kind text not null default 'contacts' check (kind in ('contacts','companies','deals','orders'))`,
  `alter table imports add column on_repeat text check (on_repeat in ('first','last','skip'))`,
  `alter table imports add column date_format text check (date_format in ('DMY','MDY','YMD'))`,
  `alter table imports add column skipped integer not null default 0`,
  `alter table imports add column warned integer not null default 0`,
  // A warning (extra cells, a row skipped as a repeat) does not fail its row.
  `alter table import_errors add column level text not null default 'error' check (level in ('error','warning'))`,
  // A companies import matches rows by domain before name.
  `create index companies_ws_domain_idx on companies (workspace_id, domain) where domain is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop index if exists companies_ws_domain_idx').execute(db);
  await sql.raw('alter table import_errors drop column level').execute(db);
  for (const column of ['warned', 'skipped', 'date_format', 'on_repeat', 'kind']) await sql.raw(`alter table imports drop column ${column}`).execute(db);
}
