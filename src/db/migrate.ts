import { Migrator, type Migration, type MigrationProvider, sql, type Kysely } from 'kysely';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_sales.js';
import * as m0003 from './migrations/0003_segments.js';
import * as m0004 from './migrations/0004_segment_indexes.js';
import * as m0005 from './migrations/0005_lists.js';
import * as m0007 from './migrations/0007_import_speed.js';
import * as m0008 from './migrations/0008_audience.js';
import * as m0009 from './migrations/0009_email.js';
import * as m0012 from './migrations/0012_helpdesk.js';
import * as m0014 from './migrations/0014_template_previews.js';
import * as m0010 from './migrations/0010_workbench_data.js';
import * as m0015 from './migrations/0015_delivery.js';
import * as m0011 from './migrations/0011_merge.js';
import * as m0017 from './migrations/0017_workspaces.js';
import * as m0019 from './migrations/0019_chat.js';
import * as m0018 from './migrations/0018_helpdesk_operations.js';
import * as m0024 from './migrations/0024_import_choices.js';
import * as m0022 from './migrations/0022_webhook_signatures.js';
import * as m0020 from './migrations/0020_events.js';
import * as m0021 from './migrations/0021_orders.js';
import * as m0032 from './migrations/0032_idempotency_keys.js';
import * as m0033 from './migrations/0033_drop_orders_customer_ext_idx.js';
import * as m0036 from './migrations/0036_web_sessions_drop_workspace_fk.js';
import * as m0028 from './migrations/0028_chat_presence.js';
import * as m0030 from './migrations/0030_contact_index_costs.js';
import * as m0025 from './migrations/0025_events_ingest_speed.js';
import type { DB } from './schema.js';

/** Versioned migrations, in order. Add new ones at the end; never edit a released one. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_sales': m0002,
  '0003_segments': m0003,
  '0004_segment_indexes': m0004,
  '0005_lists': m0005,
  '0007_import_speed': m0007,
  '0008_audience': m0008,
  '0009_email': m0009,
  '0012_helpdesk': m0012,
  '0014_template_previews': m0014,
  '0010_workbench_data': m0010,
  '0015_delivery': m0015,
  '0011_merge': m0011,
  '0017_workspaces': m0017,
  '0019_chat': m0019,
  '0018_helpdesk_operations': m0018,
  '0024_import_choices': m0024,
  '0022_webhook_signatures': m0022,
  '0020_events': m0020,
  '0021_orders': m0021,
  '0032_idempotency_keys': m0032,
  '0033_drop_orders_customer_ext_idx': m0033,
  '0036_web_sessions_drop_workspace_fk': m0036,
  '0028_chat_presence': m0028,
  '0030_contact_index_costs': m0030,
  '0025_events_ingest_speed': m0025,
};

/** Migrations may rewrite large tables: the interactive statement_timeout is lifted for their transaction. */
export const untimed = (m: Migration): Migration => ({
  up: async (db) => {
    await sql`set local statement_timeout = 0`.execute(db);
    await m.up(db);
  },
  down: m.down,
});
const provider: MigrationProvider = { getMigrations: async () => Object.fromEntries(Object.entries(migrations).map(([name, m]) => [name, untimed(m)])) };

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function isMigrated(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from schema_migrations`.execute(db).catch(() => ({ rows: [{ n: 0 }] }));
  return (rows[0]?.n ?? 0) >= Object.keys(migrations).length;
}
