import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ownDatabase } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { insertContactsBulk } from '../contacts/contacts-bulk.repo.js';
import { purgeDeleted } from './bulk-run.js';

// Background jobs: a database of this file's own on PostgreSQL (pg-boss queues are shared).
let t: Awaited<ReturnType<typeof createTestApp>>;
let own: Awaited<ReturnType<typeof ownDatabase>>;
let ws: TestWorkspace;
const N = 1_200;
beforeAll(async () => {
  own = await ownDatabase();
  t = await createTestApp({ workers: true, databaseUrl: own.url });
  ws = await newWorkspace(t.ctx);
  await insertContactsBulk(t.ctx.db, ws.id, Array.from({ length: N }, (_, i) => ({ first_name: `Bulk${i}`, tags: ['batch'] })));
});
afterAll(async () => {
  await t.close();
  await own.drop();
});

const call = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: ws.owner.headers });

async function waitFor(id: number, done: (op: { status: string }) => boolean) {
  const seen: { id: number; status: string; processed: number }[] = [];
  for (let i = 0; i < 600; i++) {
    const op = (await call('GET', `/api/v1/bulk-operations/${id}`)).json();
    seen.push(op);
    if (done(op)) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`operation ${id} did not finish: ${JSON.stringify(seen.at(-1))}`);
}

describe('bulk operations as a job', () => {
  it('queues a large selection, reports progress and audits it once', async () => {
    const started = await call('POST', '/api/v1/bulk/contacts', { selection: { mode: 'query', query: { tag: 'batch' } }, action: { type: 'tag', tags: ['big'] } });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ status: 'queued', total: N, processed: 0 });
    const seen = await waitFor(started.json().id, (op) => op.status === 'done');
    expect(seen.at(-1)).toMatchObject({ status: 'done', processed: N, result: { changed: N } });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts where workspace_id = ${ws.id} and tags @> array['big']`.execute(t.ctx.db);
    expect(rows[0].n).toBe(N);
    const audit = (await call('GET', `/api/v1/audit-log?entity=bulk_operation&entityId=${started.json().id}`)).json().data;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['bulk_tag']);
  });

  it('deletes a large selection with an undo window, then purges it', async () => {
    const started = await call('POST', '/api/v1/bulk/contacts', { selection: { mode: 'query', query: { tag: 'batch' } }, action: { type: 'delete' } });
    const [op] = (await waitFor(started.json().id, (o) => o.status === 'undoable')).slice(-1);
    expect((await call('GET', '/api/v1/contacts?tag=batch')).json().data).toEqual([]);
    // The window is closed by hand rather than waited for: the purge job's own start is pg-boss's business.
    await sql`update bulk_operations set undo_until = now() - interval '1 second' where id = ${op.id}`.execute(t.ctx.db);
    expect((await call('POST', `/api/v1/bulk-operations/${op.id}/undo`)).statusCode).toBe(409);
    await purgeDeleted(t.ctx, ws.id, op.id);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts where workspace_id = ${ws.id}`.execute(t.ctx.db);
    expect(rows[0].n).toBe(0);
    expect((await call('GET', `/api/v1/bulk-operations/${op.id}`)).json().status).toBe('done');
  });
});
