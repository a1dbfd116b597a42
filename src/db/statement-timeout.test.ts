import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/context.js';
import { createContext } from '../boot.js';
import { loadConfig } from '../config/config.js';
import type { AppContext } from '../context.js';
import { buildApp } from '../http/app.js';
import type { App } from '../http/types.js';
import { untimed } from './migrate.js';

const url = process.env.DATABASE_URL;

let ctx: AppContext;
let app: App;
beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  // What a statement cut short by statement_timeout throws, on a route of its own.
  app.get('/test/slow', async () => {
    throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014', severity: 'ERROR' });
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await ctx.queue.stop();
  await ctx.database.close();
});

describe('statement_timeout', () => {
  it('is 15 s unless STATEMENT_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({}).STATEMENT_TIMEOUT_MS).toBe(15_000);
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: '0' }).STATEMENT_TIMEOUT_MS).toBe(0);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/STATEMENT_TIMEOUT_MS/);
  });

  it('answers a cancelled query with 503 QUERY_TIMEOUT, not a bare 500', async () => {
    const res = await app.inject({ url: '/test/slow' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatchObject({ code: 'QUERY_TIMEOUT', message: expect.stringContaining('took too long') });
  });

  it.skipIf(!url)('cancels a PostgreSQL statement that runs longer, and lets migrations run as long as they need', async () => {
    const config = loadConfig({ DATABASE_URL: url, STATEMENT_TIMEOUT_MS: '150', LOG_LEVEL: 'silent', SECRET_KEY: 'test-secret-key-of-at-least-thirty-two-characters' });
    const { database } = await createContext(config, { queue: false });
    try {
      await expect(sql`select pg_sleep(1)`.execute(database.db)).rejects.toMatchObject({ code: '57014' });
      const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(database.db);
      expect(rows[0].statement_timeout).toBe('150ms');
      // Every migration runs wrapped so, inside the migrator's transaction.
      const slowMigration = untimed({ up: async (db) => void (await sql`select pg_sleep(0.3)`.execute(db)) });
      await database.db.transaction().execute((trx) => slowMigration.up(trx));
      await expect(sql`select pg_sleep(0.3)`.execute(database.db)).rejects.toMatchObject({ code: '57014' }); // and only there
    } finally {
      await database.close();
    }
  });
});
