import { sql, type Kysely } from 'kysely';

// The sending pipeline (issue 9, part "send"): leases on claimed recipients so a crashed worker's
// rows are taken over, a walk checkpoint per campaign, the list a recipient was frozen from (its
// one-click unsubscribe is for that list), and the sender of transactional messages.
const statements = [
  // A row in 'sending' belongs to its worker until claimed_until; after that another worker takes it.
  `alter table campaign_recipients add column claimed_until timestamptz`,
  `alter table campaign_recipients add column list_id bigint`,
  // Every row with id <= send_checkpoint was claimed at least once; walks start after it.
  `alter table campaigns add column send_checkpoint bigint not null default 0`,
  `alter table transactional_messages add column from_email text`,
  `alter table transactional_messages add column from_name text`,
  `alter table transactional_messages add column subject text`,
  `alter table transactional_messages add column claimed_until timestamptz`,
  `create index transactional_pending_idx on transactional_messages (id) where status in ('queued','sending')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop index if exists transactional_pending_idx').execute(db);
  for (const col of ['claimed_until', 'subject', 'from_name', 'from_email']) await sql.raw(`alter table transactional_messages drop column ${col}`).execute(db);
  await sql.raw('alter table campaigns drop column send_checkpoint').execute(db);
  for (const col of ['list_id', 'claimed_until']) await sql.raw(`alter table campaign_recipients drop column ${col}`).execute(db);
}
