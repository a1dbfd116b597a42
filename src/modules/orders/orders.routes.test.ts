import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, payload?: object, headers: Record<string, string> = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const paths = (res: { json: () => { error: { details: { fields: { path: string }[] } } } }) => res.json().error.details.fields.map((f) => f.path);

const order = (over: object = {}) => ({
  externalId: `o-${Math.random().toString(36).slice(2, 8)}`,
  customer: { email: 'buyer@example.com', firstName: 'Bea', lastName: 'Buyer' },
  status: 'paid', placedAt: '2026-11-01T10:00:00Z', currency: 'EUR',
  lines: [{ sku: 'MUG-1', quantity: 2 }],
  ...over,
});

describe('products', () => {
  it('creates, lists, changes and deletes products; a SKU is unique per workspace', async () => {
    const created = await call('POST', '/api/v1/products', { sku: 'MUG-1', name: 'Mug', category: 'Kitchen', price: 12.5, currency: 'eur' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ sku: 'MUG-1', name: 'Mug', category: 'Kitchen', price: 12.5, currency: 'EUR' });
    const again = await call('POST', '/api/v1/products', { sku: 'MUG-1', name: 'Other', price: 1, currency: 'EUR' });
    expect(again.statusCode).toBe(409);
    const other = await newWorkspace(t.ctx, 'Other shop');
    expect((await call('POST', '/api/v1/products', { sku: 'MUG-1', name: 'Theirs', price: 1, currency: 'USD' }, other.owner.headers)).statusCode).toBe(201);

    await call('POST', '/api/v1/products', { sku: 'TEA-1', name: 'Green tea', category: 'Tea', price: 4, currency: 'EUR' });
    await call('POST', '/api/v1/products', { sku: 'USD-1', name: 'Import', price: 9, currency: 'USD' });
    const page1 = (await call('GET', '/api/v1/products?limit=2')).json();
    expect(page1.data.map((p: { sku: string }) => p.sku)).toEqual(['MUG-1', 'TEA-1']);
    const page2 = (await call('GET', `/api/v1/products?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2).toMatchObject({ data: [{ sku: 'USD-1' }], nextCursor: null });
    expect((await call('GET', '/api/v1/products?category=tea')).json().data.map((p: { sku: string }) => p.sku)).toEqual(['TEA-1']);
    expect((await call('GET', '/api/v1/products?cursor=bm9wZQ')).statusCode).toBe(400);

    const tea = page1.data[1];
    expect((await call('PATCH', `/api/v1/products/${tea.id}`, { price: 4.5 })).json()).toMatchObject({ price: 4.5, name: 'Green tea' });
    expect((await call('PATCH', `/api/v1/products/${tea.id}`, { sku: 'MUG-1' })).statusCode).toBe(409);
    expect((await call('GET', `/api/v1/products/${tea.id}`, undefined, other.owner.headers)).statusCode).toBe(404);
    const sales = await ws.as('support');
    expect((await call('POST', '/api/v1/products', { sku: 'X', name: 'X', price: 1, currency: 'EUR' }, sales.headers)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/products', undefined, sales.headers)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/products', undefined, (await ws.as('agency')).headers)).statusCode).toBe(403);
  });
});

describe('orders', () => {
  it('upserts by external id: created, unchanged on replay, updated by a newer version, stale for an older one', async () => {
    const first = await call('POST', '/api/v1/orders', order({ externalId: 'A-1', updatedAt: '2026-11-01T10:00:00Z', lines: [{ sku: 'MUG-1', quantity: 2 }, { sku: 'GIFT-WRAP', name: 'Gift wrap', quantity: 1, unitPrice: 3 }], shipping: 5 }));
    expect(first.statusCode).toBe(201);
    const o = first.json();
    expect(o).toMatchObject({
      externalId: 'A-1', outcome: 'created', status: 'paid', currency: 'EUR', subtotal: 28, shipping: 5, total: 33, refunded: 0, net: 33,
      customer: { email: 'buyer@example.com' },
      lines: [{ sku: 'MUG-1', adHoc: false, name: 'Mug', category: 'Kitchen', unitPrice: 12.5, total: 25 }, { sku: 'GIFT-WRAP', adHoc: true, productId: null, name: 'Gift wrap', total: 3 }],
    });
    const contact = (await call('GET', `/api/v1/contacts/${o.contactId}`)).json();
    expect(contact).toMatchObject({ email: 'buyer@example.com', firstName: 'Bea' });

    const replay = await call('POST', '/api/v1/orders', order({ externalId: 'A-1', updatedAt: '2026-11-01T10:00:00Z', lines: [{ sku: 'MUG-1', quantity: 2 }, { sku: 'GIFT-WRAP', name: 'Gift wrap', quantity: 1, unitPrice: 3 }], shipping: 5 }));
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ id: o.id, outcome: 'unchanged' });

    const refund = await call('POST', '/api/v1/orders', order({ externalId: 'A-1', updatedAt: '2026-11-03T10:00:00Z', status: 'partially_refunded', refunded: 3, lines: [{ sku: 'MUG-1', quantity: 2 }, { sku: 'GIFT-WRAP', name: 'Gift wrap', quantity: 1, unitPrice: 3 }], shipping: 5 }));
    expect(refund.json()).toMatchObject({ id: o.id, outcome: 'updated', status: 'partially_refunded', refunded: 3, net: 30 });
    const late = await call('POST', '/api/v1/orders', order({ externalId: 'A-1', updatedAt: '2026-11-02T10:00:00Z', status: 'fulfilled' }));
    expect(late.json()).toMatchObject({ outcome: 'stale', status: 'partially_refunded' });

    const timeline = (await call('GET', `/api/v1/contacts/${o.contactId}/timeline`)).json().data;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['order_placed', 'order_status_changed', 'created']));
    expect(timeline.find((e: { kind: string }) => e.kind === 'order_status_changed').data).toMatchObject({ from: 'paid', to: 'partially_refunded', refunded: 3, externalId: 'A-1' });
    expect((await call('GET', `/api/v1/contacts/${o.contactId}/timeline`, undefined, (await ws.as('agency')).headers)).json().data.some((e: { kind: string }) => e.kind.startsWith('order_'))).toBe(false);
  });

  it('refuses a currency mismatch with the order, naming the line, and writes nothing', async () => {
    const lineCurrency = await call('POST', '/api/v1/orders', order({ externalId: 'CUR-1', lines: [{ sku: 'MUG-1', quantity: 1 }, { name: 'Thing', quantity: 1, unitPrice: 2, currency: 'USD' }] }));
    expect(lineCurrency.statusCode).toBe(400);
    expect(paths(lineCurrency)).toEqual(['lines[1].currency']);
    const productCurrency = await call('POST', '/api/v1/orders', order({ externalId: 'CUR-1', lines: [{ sku: 'USD-1', quantity: 1 }] }));
    expect(productCurrency.statusCode).toBe(400);
    expect(productCurrency.json().error.message).toContain('USD');
    const adHocWithoutName = await call('POST', '/api/v1/orders', order({ externalId: 'CUR-1', lines: [{ sku: 'NOPE', quantity: 1, unitPrice: 1 }] }));
    expect(paths(adHocWithoutName)).toEqual(['lines[0].name']);
    expect((await call('POST', '/api/v1/orders', order({ externalId: 'CUR-1', customer: {} }))).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/orders', order({ externalId: 'CUR-1', refunded: 1000 }))).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/orders?limit=500')).json().data.some((x: { externalId: string }) => x.externalId === 'CUR-1')).toBe(false);
  });

  it('finds the contact by the shop customer id of an earlier order, and sums lifetime spend without cancelled orders', async () => {
    const a = (await call('POST', '/api/v1/orders', order({ externalId: 'C-1', customer: { email: 'carol@example.com', externalId: 'shop:cust:9' }, placedAt: '2026-10-01T00:00:00Z', lines: [{ sku: 'TEA-1', quantity: 2 }] }))).json();
    const b = (await call('POST', '/api/v1/orders', order({ externalId: 'C-2', customer: { externalId: 'shop:cust:9' }, placedAt: '2026-10-05T00:00:00Z', lines: [{ sku: 'MUG-1', quantity: 1 }] }))).json();
    await call('POST', '/api/v1/orders', order({ externalId: 'C-3', customer: { externalId: 'shop:cust:9' }, status: 'cancelled', placedAt: '2026-10-06T00:00:00Z', lines: [{ sku: 'MUG-1', quantity: 4 }] }));
    await call('POST', '/api/v1/orders', order({ externalId: 'C-4', customer: { externalId: 'shop:cust:9' }, currency: 'USD', placedAt: '2026-10-07T00:00:00Z', lines: [{ sku: 'USD-1', quantity: 1 }], refunded: 4 }));
    expect(b.contactId).toBe(a.contactId);
    const summary = (await call('GET', `/api/v1/contacts/${a.contactId}/order-summary`)).json();
    expect(summary).toMatchObject({ orders: 3, spend: [{ currency: 'EUR', orders: 2, amount: 21.5 }, { currency: 'USD', orders: 1, amount: 5 }] });
    expect(new Date(summary.firstOrderAt).toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(new Date(summary.lastOrderAt).toISOString()).toBe('2026-10-07T00:00:00.000Z');

    const list = (await call('GET', `/api/v1/orders?contactId=${a.contactId}&limit=2`)).json();
    expect(list.data.map((x: { externalId: string }) => x.externalId)).toEqual(['C-4', 'C-3']);
    const next = (await call('GET', `/api/v1/orders?contactId=${a.contactId}&limit=2&cursor=${list.nextCursor}`)).json();
    expect(next.data.map((x: { externalId: string }) => x.externalId)).toEqual(['C-2', 'C-1']);
    expect(next.data[1].lines).toMatchObject([{ sku: 'TEA-1', quantity: 2, unitPrice: 4.5 }]);
    expect((await call('GET', `/api/v1/orders/${a.id}`)).json()).toMatchObject({ externalId: 'C-1', total: 9 });
    expect((await call('GET', '/api/v1/orders?cursor=WyJ4Iiwx')).statusCode).toBe(400);
  });

  it('gives two orders of a new customer arriving at once one contact', async () => {
    const both = await Promise.all(['R-1', 'R-2', 'R-3'].map((externalId) => call('POST', '/api/v1/orders', order({ externalId, customer: { email: 'race@example.com' } }))));
    expect(both.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(both.map((r) => r.json().contactId)).size).toBe(1);
  });

  it('keeps a deleted product’s lines as ad-hoc lines', async () => {
    const p = (await call('POST', '/api/v1/products', { sku: 'GONE-1', name: 'Soon gone', price: 2, currency: 'EUR' })).json();
    const o = (await call('POST', '/api/v1/orders', order({ externalId: 'D-1', lines: [{ sku: 'GONE-1', quantity: 1 }] }))).json();
    expect(o.lines[0]).toMatchObject({ productId: p.id, adHoc: false });
    expect((await call('DELETE', `/api/v1/products/${p.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/orders/${o.id}`)).json().lines[0]).toMatchObject({ productId: null, adHoc: true, name: 'Soon gone', sku: 'GONE-1', total: 2 });
  });
});
