import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

/**
 * The server ending idle connections must not crash the process: `npm run bench` closed its
 * database and force-dropped it at once, and an "unhandled 'error' event" on the pool exited 1.
 */
describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL pool', () => {
  it('survives the server terminating its connections right after close()', async () => {
    const base = new URL(process.env.DATABASE_URL!);
    const name = `rapport_pool_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const errors: unknown[] = [];
    const onError = (err: unknown) => errors.push(err);
    process.on('uncaughtException', onError);
    try {
      const database = await openDatabase({ databaseUrl: url.toString() });
      await Promise.all(Array.from({ length: 8 }, () => sql`select pg_sleep(0.02)`.execute(database.db)));
      await database.close();
      await admin.query(`drop database ${name} with (force)`);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      process.off('uncaughtException', onError);
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
    expect(errors).toEqual([]);
  });
});
