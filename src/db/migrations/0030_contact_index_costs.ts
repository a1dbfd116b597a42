import { sql, type Kysely } from 'kysely';

// Contact writes (issue 7 §8, bench/import.bench.ts). Every contact paid a GIN entry in
// contacts_notes_search_idx, although notes_search stays null until the contact has a note
// (GIN indexes nulls too, to serve full scans that nothing here makes). Its only reader is the
// list's `q` with notes, `notes_search @@ $q`: @@ is strict, so the planner proves the partial
// predicate from it and keeps the same BitmapOr of contacts_search_idx and this index.
// At 100,000 contacts with 1,000 noted the index is 72 kB instead of 2.8 MB.
//
// The other secondary indexes were each dropped in turn and the importer's INSERT timed, and
// each read path EXPLAINed: every one serves a reader whose plan would otherwise become a scan
// or a sort of the workspace (list sorts, duplicates, segments, foreign-key cascades), so they
// stay (the list is in the report of this change).
const statements = [
  `drop index contacts_notes_search_idx`,
  `create index contacts_notes_search_idx on contacts using gin (notes_search) where notes_search is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop index if exists contacts_notes_search_idx').execute(db);
  await sql.raw('create index contacts_notes_search_idx on contacts using gin (notes_search)').execute(db);
}
