import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { upload, waitForImport } from '../imports/testing.js';
import { runImport } from '../imports/run-import.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
  ws = await newWorkspace(t.ctx);
  await t.app.inject({ method: 'POST', url: '/api/v1/products', headers: ws.owner.headers, payload: { sku: 'MUG-1', name: 'Mug', category: 'Kitchen', price: 10, currency: 'EUR' } });
});
afterAll(async () => t.close());

const HEADER = 'Order ID,Email,Status,Created at,Currency,SKU,Product name,Quantity,Price,Shipping';
const MAPPING = { 'Order ID': 'externalId', Email: 'email', Status: 'status', 'Created at': 'placedAt', Currency: 'currency', SKU: 'sku', 'Product name': 'productName', Quantity: 'quantity', Price: 'unitPrice', Shipping: 'shipping' };
const orders = (ws: TestWorkspace) => t.app.inject({ url: '/api/v1/orders?limit=500', headers: ws.owner.headers }).then((r) => r.json().data as { externalId: string; total: number; lines: unknown[]; status: string }[]);

describe('orders from CSV', () => {
  it('imports an order per group of adjacent rows, reports bad orders by row, and suggests the mapping', async () => {
    const csv = [
      HEADER,
      'CSV-1,ann@csv.test,paid,2026-10-01,EUR,MUG-1,,2,,4.5',
      'CSV-1,ann@csv.test,paid,2026-10-01,EUR,,Gift card,1,25,4.5',
      'CSV-2,bob@csv.test,refunded,2026-10-02T09:30:00Z,EUR,MUG-1,,1,,',
      'CSV-3,cy@csv.test,paid,2026-10-03,USD,MUG-1,,1,,',
      'CSV-4,,paid,2026-10-04,EUR,MUG-1,,1,,',
      'CSV-5,dee@csv.test,teleported,2026-10-05,EUR,MUG-1,,1,,',
      'CSV-1,ann@csv.test,paid,2026-10-01,EUR,MUG-1,,9,,',
    ].join('\n');
    const uploaded = await upload(t.app, ws.owner.headers, csv, { kind: 'orders' });
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.json()).toMatchObject({ kind: 'orders', suggestedMapping: { 'Order ID': 'externalId', Email: 'email', SKU: 'sku', Quantity: 'quantity', Price: 'unitPrice', Currency: 'currency' } });
    const badMapping = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${uploaded.json().id}/start`, headers: ws.owner.headers, payload: { mapping: { SKU: 'sku', Email: 'firstName' } } });
    expect(badMapping.statusCode).toBe(400);
    expect(badMapping.json().error.message).toContain('externalId');

    const started = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${uploaded.json().id}/start`, headers: ws.owner.headers, payload: { mapping: MAPPING } });
    expect(started.statusCode).toBe(200);
    const done = await waitForImport(t.app, ws.owner.headers, uploaded.json().id);
    expect(done).toMatchObject({ status: 'completed', processed: 7, created: 2, failed: 4 });
    expect(done.errors.map((e: { row: number }) => e.row)).toEqual([5, 6, 7, 8]);
    expect(done.errors[0].message).toContain('USD');
    expect(done.errors[1].message).toContain('customer');
    expect(done.errors[3].message).toContain('adjacent');

    const list = await orders(ws);
    const one = list.find((o) => o.externalId === 'CSV-1')!;
    expect(one).toMatchObject({ total: 49.5, status: 'paid', lines: [{ sku: 'MUG-1', quantity: 2, total: 20 }, { adHoc: true, name: 'Gift card', total: 25 }] });
    expect(list.find((o) => o.externalId === 'CSV-2')).toMatchObject({ status: 'refunded', total: 10, refunded: 10 });
  });

  it('never splits an order across batches, and resumes after a crash without repeating or losing an order', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => Array.from({ length: (i % 3) + 1 }, () => `B-${i},b${i}@batch.test,paid,2026-09-01,EUR,MUG-1,,1,,`)).flat();
    const csv = [HEADER, ...rows].join('\n');
    const id = (await upload(t.app, ws.owner.headers, csv, { kind: 'orders' })).json().id;
    // Started inline (no job): the test runs it with small batches and a crash.
    await t.ctx.db.updateTable('imports').set({ status: 'queued', mapping: JSON.stringify(MAPPING) }).where('id', '=', id).execute();
    let batches = 0;
    await expect(runImport({ ctx: t.ctx, importId: id, batchSize: 4, onBatch: (p) => {
      expect(p.processed === rows.length || rows[p.processed]!.split(',')[0] !== rows[p.processed - 1]!.split(',')[0]).toBe(true);
      if (++batches === 2) throw new Error('worker killed');
    } })).rejects.toThrow('worker killed');
    const done = await runImport({ ctx: t.ctx, importId: id, batchSize: 4 });
    expect(done).toMatchObject({ status: 'completed', processed: rows.length, created: 12, failed: 0 });
    const imported = (await orders(ws)).filter((o) => o.externalId.startsWith('B-'));
    expect(imported).toHaveLength(12);
    for (const o of imported) expect(o.lines).toHaveLength((Number(o.externalId.slice(2)) % 3) + 1);
  });

  it('asks nothing about an order id on its line rows, upserts only, and subscribes no one', async () => {
    const csv = [HEADER, 'R-1,r@csv.test,paid,2026-10-01,EUR,MUG-1,,1,,', 'R-1,r@csv.test,paid,2026-10-01,EUR,,Gift card,1,5,'].join('\n');
    const id = (await upload(t.app, ws.owner.headers, csv, { kind: 'orders' })).json().id;
    const check = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/check`, headers: ws.owner.headers, payload: { mapping: MAPPING } });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ rows: 2, repeats: { field: null, count: 0 }, dates: { ambiguous: false } });
    const start = (payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/start`, headers: ws.owner.headers, payload: { mapping: MAPPING, ...payload } });
    const create = await start({ mode: 'create' });
    expect(create.statusCode).toBe(400);
    expect(create.json().error.message).toContain('upsert');
    const subscribe = await start({ subscribe: { listId: 1, lawfulBasis: 'consent', proof: 'Shop checkout checkbox' } });
    expect(subscribe.statusCode).toBe(400);
    expect(subscribe.json().error.message).toContain('only contacts');
    const started = await start({});
    expect(started.statusCode).toBe(200);
    expect(await waitForImport(t.app, ws.owner.headers, id)).toMatchObject({ status: 'completed', processed: 2, created: 1, skipped: 0, failed: 0 });
    expect((await orders(ws)).find((o) => o.externalId === 'R-1')?.lines).toHaveLength(2);
  });

  it('leaves contact imports as they were: no kind is a contacts import', async () => {
    const res = await upload(t.app, ws.owner.headers, 'email\nplain@contacts.test', { mapping: JSON.stringify({ email: 'email' }) });
    expect(res.json()).toMatchObject({ kind: 'contacts' });
    expect(await waitForImport(t.app, ws.owner.headers, res.json().id)).toMatchObject({ status: 'completed', created: 1 });
    const support = await ws.as('support');
    expect((await upload(t.app, support.headers, csvOf(), { kind: 'orders' })).statusCode).toBe(403);
  });
});

const csvOf = () => `${HEADER}\nX-1,x@x.test,paid,2026-10-01,EUR,MUG-1,,1,,`;
