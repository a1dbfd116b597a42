import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/context.js';
import type { AppContext } from '../context.js';
import { insertWorkspace } from '../modules/auth/auth.repo.js';
import { analyzeDatabase } from './maintenance.js';

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.queue.stop();
  await ctx.database.close();
});

describe(`database (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('keeps concurrent transactions apart: a rolled-back row is never kept', async () => {
    const ws = await insertWorkspace(ctx.db, 'tx');
    const boom = new Error('roll back');
    const attempts = Array.from({ length: 20 }, (_, i) =>
      ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('contacts').values({ workspace_id: ws.id, first_name: `tx${i}` }).execute();
        await new Promise((r) => setTimeout(r, i % 3));
        if (i % 2) throw boom;
      }).catch((e) => (e === boom ? null : Promise.reject(e))),
    );
    // Plain statements interleave with the transactions.
    const reads = Array.from({ length: 20 }, () => ctx.db.selectFrom('contacts').select('id').where('workspace_id', '=', ws.id).execute());
    await Promise.all([...attempts, ...reads]);
    const kept = await ctx.db.selectFrom('contacts').select('first_name').where('workspace_id', '=', ws.id).orderBy('first_name').execute();
    expect(kept.map((r) => r.first_name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `tx${i * 2}`).sort());
  });

  it('returns int8, count(*), numeric and date the same way on both engines', async () => {
    const { rows } = await sql<{ big: number; n: number; num: number; d: string }>`
      select 9007199254740991::int8 as big, count(*) as n, 12.5::numeric as num, date '2024-02-29' as d from (values (1), (2)) v(x)`.execute(ctx.db);
    expect(rows[0]).toEqual({ big: 9007199254740991, n: 2, num: 12.5, d: '2024-02-29' });
  });

  it('runs pg-boss jobs through the same connection rules', async () => {
    const seen: object[] = [];
    await ctx.queue.work('selftest', async (data) => void seen.push(data));
    await ctx.queue.send('selftest', { probe: true });
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(seen).toContainEqual({ probe: true });
  });

  it('refreshes statistics and accepts a maintenance schedule', async () => {
    await analyzeDatabase(ctx.db);
    await ctx.queue.schedule('maintenance', '23 * * * *');
    const { rows } = await sql<{ n: number }>`select count(*) as n from pg_stats where tablename = 'workspaces'`.execute(ctx.db);
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
