import { Migrator, type Migration, type MigrationProvider, sql, type Kysely } from 'kysely';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_sales.js';
import * as m0003 from './migrations/0003_segments.js';
import * as m0004 from './migrations/0004_segment_indexes.js';
import * as m0005 from './migrations/0005_lists.js';
import * as m0007 from './migrations/0007_import_speed.js';
import * as m0008 from './migrations/0008_audience.js';
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
