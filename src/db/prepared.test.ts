import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';
import { prepared } from './prepared.js';

describe('prepared statements', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  });
  afterAll(() => database.close());

  it('runs a marked query with its parameters on either engine', async () => {
    const { rows } = await prepared(sql<{ x: number }>`select ${41}::int + 1 as x`).execute(database.db);
    expect(rows).toEqual([{ x: 42 }]);
  });

  it.skipIf(!process.env.DATABASE_URL)('plans a marked query once per connection on PostgreSQL, and an unmarked one not at all', async () => {
    const names = await database.db.connection().execute(async (db) => {
      for (const n of [1, 2, 3]) await prepared(sql`select ${n}::int as marked`).execute(db);
      await sql`select ${1}::int as unmarked`.execute(db);
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db);
      return rows;
    });
    expect(names.filter((r) => r.statement.includes('marked'))).toEqual([{ name: expect.stringMatching(/^p_[0-9a-f]{24}$/), statement: expect.stringContaining('as marked') }]);
  });
});
