import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, PGLITE_TEMPLATE_ENV } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

/**
 * On PGlite every test file opens its own in-memory database. Instead of each running initdb and
 * every migration (seconds per file, most of a short file's time), the files start from one
 * migrated data dir made here once per run. On PostgreSQL there is nothing to do.
 */
export default async function setup() {
  if (process.env.DATABASE_URL || process.env[PGLITE_TEMPLATE_ENV]) return;
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const tarball = await database.dumpDataDir!();
  await database.close();
  const file = path.join(os.tmpdir(), `rapport-test-pglite-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
  process.env[PGLITE_TEMPLATE_ENV] = file;
  return () => {
    rmSync(file, { force: true });
    delete process.env[PGLITE_TEMPLATE_ENV];
  };
}
