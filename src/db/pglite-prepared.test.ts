import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';
import { prepared } from './prepared.js';

// The named-statement path replaces PGlite's own query() for marked texts, so it must give the
// same rows, types and errors, keep the single connection usable, and plan each text once.
describe.skipIf(!!process.env.DATABASE_URL)('named prepared statements on PGlite', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({});
  });
  afterAll(() => database.close());

  const statementsNamed = async (fragment: string) => {
    const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements where statement like ${`%${fragment}%`}`.execute(database.db);
    return rows.map((r) => r.name);
  };

  it('returns what an unmarked query returns, parameters and column types included', async () => {
    const query = (n: number, day: string, tags: string[], note: string | null) =>
      sql<{ n: number; day: string; at: Date; tags: string[]; note: string | null; doc: { a: number } }>`
        select ${n}::bigint + 1 as n, ${day}::date as day, ${day}::date::timestamptz as at,
               ${tags}::text[] as tags, ${note}::text as note, '{"a": 1}'::jsonb as doc`;
    const cases: [number, string, string[], string | null][] = [[41, '2026-12-01', ['a', 'b,c'], null], [1, '1990-05-12', [], 'x']];
    for (const args of cases) {
      const plain = (await query(...args).execute(database.db)).rows;
      const named = (await prepared(query(...args)).execute(database.db)).rows;
      expect(named).toEqual(plain);
    }
    expect((await prepared(query(41, '2026-12-01', ['a'], null)).execute(database.db)).rows[0]).toMatchObject({ n: 42, day: '2026-12-01', tags: ['a'], note: null, doc: { a: 1 } });
  });

  it('parses a text once and reuses the statement for every run', async () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      const { rows } = await prepared(sql<{ once: number }>`select ${n}::int * 2 as once_planned`).execute(database.db);
      expect(rows).toEqual([{ once_planned: n * 2 }]);
    }
    expect(await statementsNamed('once_planned')).toEqual([expect.stringMatching(/^rapport_[0-9a-f]{24}$/)]);
  });

  it('reports a failing run as an error and leaves the connection usable, in and out of a transaction', async () => {
    const divide = (by: number) => prepared(sql<{ q: number }>`select 10 / ${by}::int as q`);
    await expect(divide(0).execute(database.db)).rejects.toThrow(/division by zero/);
    expect((await divide(5).execute(database.db)).rows).toEqual([{ q: 2 }]);
    await expect(database.db.transaction().execute(async (trx) => {
      await sql`create temporary table scratch (x int)`.execute(trx);
      await divide(0).execute(trx);
    })).rejects.toThrow(/division by zero/);
    expect((await divide(2).execute(database.db)).rows).toEqual([{ q: 5 }]);
  });

  it('sees the writes of the transaction it runs in', async () => {
    await sql`create table prepared_probe (workspace_id bigint, id int)`.execute(database.db);
    const count = (db: typeof database.db) => prepared(sql<{ n: number }>`select count(*)::int as n from prepared_probe where workspace_id = ${1}`).execute(db);
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into prepared_probe values (1, 1), (1, 2)`.execute(trx);
      expect((await count(trx)).rows).toEqual([{ n: 2 }]);
    });
    expect((await count(database.db)).rows).toEqual([{ n: 2 }]);
  });
});
