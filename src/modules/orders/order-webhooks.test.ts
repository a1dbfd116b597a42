import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { signBody } from '../channels/signatures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
const SHOPIFY_SECRET = 'shpss_0123456789abcdef0123456789';
const WOO_SECRET = 'woo-secret-0123456789abcdef';
beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  ws = await newWorkspace(t.ctx);
  await t.app.inject({ method: 'POST', url: '/api/v1/products', headers: ws.owner.headers, payload: { sku: 'TSHIRT-M', name: 'T-shirt M', category: 'Apparel', price: 20, currency: 'USD' } });
});
afterAll(async () => t.close());

const shopifyOrder = (over: Record<string, unknown> = {}) => ({
  id: 450789469, email: 'jon@example.com', created_at: '2026-11-02T10:00:00-05:00', updated_at: '2026-11-02T10:00:00-05:00', currency: 'USD',
  financial_status: 'paid', fulfillment_status: null, cancelled_at: null, subtotal_price: '40.00', total_discounts: '0.00', total_tax: '3.20', total_price: '48.20',
  customer: { id: 207119551, email: 'jon@example.com', first_name: 'Jon', last_name: 'Snow' },
  shipping_lines: [{ price: '5.00' }],
  line_items: [{ sku: 'TSHIRT-M', title: 'T-shirt', quantity: 2, price: '20.00' }],
  refunds: [],
  ...over,
});

async function postShopify(body: object | string, o: { secret?: string; id?: string; topic?: string; tamper?: boolean; workspace?: number } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = signBody(o.secret ?? SHOPIFY_SECRET, raw);
  return t.app.inject({
    method: 'POST', url: `/hooks/orders/shopify?workspace=${o.workspace ?? ws.id}`,
    headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signature, 'x-shopify-topic': o.topic ?? 'orders/create', 'x-shopify-webhook-id': o.id ?? crypto.randomUUID() },
    payload: o.tamper ? raw.replace('48.20', '4.82') : raw,
  });
}

describe('channel settings', () => {
  it('stores secrets encrypted, shows them only when generated, and is for owners and admins', async () => {
    const marketing = await ws.as('marketing');
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/ecrm-channels/shopify', headers: marketing.headers, payload: { secret: SHOPIFY_SECRET } })).statusCode).toBe(403);
    const saved = await t.app.inject({ method: 'PUT', url: '/api/v1/ecrm-channels/shopify', headers: ws.owner.headers, payload: { secret: SHOPIFY_SECRET } });
    expect(saved.json()).toMatchObject({ channel: 'shopify', configured: true, webhookPath: `/hooks/orders/shopify?workspace=${ws.id}` });
    expect(saved.json().secret).toBeUndefined();
    const generated = (await t.app.inject({ method: 'PUT', url: '/api/v1/ecrm-channels/woocommerce', headers: ws.owner.headers, payload: {} })).json();
    expect(generated.secret).toMatch(/^[\w-]{32}$/);
    await t.app.inject({ method: 'PUT', url: '/api/v1/ecrm-channels/woocommerce', headers: ws.owner.headers, payload: { secret: WOO_SECRET } });
    const stored = await t.ctx.db.selectFrom('ecrm_channels').select('secret_sealed').where('workspace_id', '=', ws.id).execute();
    expect(stored.every((r) => r.secret_sealed.startsWith('v1.') && !r.secret_sealed.includes(SHOPIFY_SECRET))).toBe(true);
    const list = (await t.app.inject({ url: '/api/v1/ecrm-channels', headers: ws.owner.headers })).json().data;
    expect(list.filter((c: { configured: boolean }) => c.configured).map((c: { channel: string }) => c.channel)).toEqual(['shopify', 'woocommerce']);
    expect(JSON.stringify(list)).not.toContain(WOO_SECRET);
    const badInbox = await t.app.inject({ method: 'PUT', url: '/api/v1/ecrm-channels/shopify', headers: ws.owner.headers, payload: { inboxId: 1 } });
    expect(badInbox.statusCode).toBe(400);
  });
});

describe('Shopify webhook', () => {
  it('accepts a valid orders/create, refuses a tampered body (401) and a replayed webhook id (409)', async () => {
    const id = 'wh-create-1';
    const ok = await postShopify(shopifyOrder(), { id });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ accepted: true, outcome: 'created' });
    const order = (await t.app.inject({ url: `/api/v1/orders/${ok.json().orderId}`, headers: ws.owner.headers })).json();
    expect(order).toMatchObject({
      externalId: 'shopify:450789469', source: 'shopify', status: 'paid', currency: 'USD', subtotal: 40, shipping: 5, tax: 3.2, total: 48.2,
      customer: { email: 'jon@example.com', externalId: 'shopify:customer:207119551' }, lines: [{ sku: 'TSHIRT-M', adHoc: false, quantity: 2, total: 40 }],
    });
    expect(new Date(order.placedAt).toISOString()).toBe('2026-11-02T15:00:00.000Z');

    const tampered = await postShopify(shopifyOrder(), { tamper: true });
    expect(tampered.statusCode).toBe(401);
    expect((await postShopify(shopifyOrder(), { secret: 'another-secret-of-some-length' })).statusCode).toBe(401);
    const replay = await postShopify(shopifyOrder(), { id });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.message).toContain('replay');
    expect((await postShopify(shopifyOrder(), { workspace: ws.id + 100000 })).statusCode).toBe(401);
  });

  it('applies orders/updated with a refund, ignores other topics, and refuses broken JSON with a 400', async () => {
    const refund = shopifyOrder({ updated_at: '2026-11-04T10:00:00Z', financial_status: 'partially_refunded', refunds: [{ transactions: [{ kind: 'refund', status: 'success', amount: '20.00' }] }] });
    const res = await postShopify(refund, { topic: 'orders/updated' });
    expect(res.json()).toMatchObject({ accepted: true, outcome: 'updated' });
    const order = (await t.app.inject({ url: `/api/v1/orders/${res.json().orderId}`, headers: ws.owner.headers })).json();
    expect(order).toMatchObject({ status: 'partially_refunded', refunded: 20, net: 28.2 });
    // An older orders/updated arriving late changes nothing.
    expect((await postShopify(shopifyOrder({ updated_at: '2026-11-03T10:00:00Z', fulfillment_status: 'fulfilled' }), { topic: 'orders/updated' })).json()).toMatchObject({ outcome: 'stale' });
    expect((await postShopify(shopifyOrder(), { topic: 'products/create' })).json()).toMatchObject({ accepted: false });
    expect((await postShopify('{"id": 1,', {})).statusCode).toBe(400);
    expect((await postShopify(shopifyOrder({ currency: 'EUR' }), {})).statusCode).toBe(400);
    expect((await postShopify({ ...shopifyOrder({ id: 99 }), note: 'nul\u0000byte' }, {})).statusCode).toBe(400);
  });
});

describe('WooCommerce webhook', () => {
  const wooOrder = { id: 727, status: 'processing', currency: 'USD', date_created_gmt: '2026-11-05T08:00:00', date_modified_gmt: '2026-11-05T08:00:00', customer_id: 0,
    billing: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Pop' }, discount_total: '0.00', shipping_total: '0.00', total_tax: '0.00', total: '27.00',
    line_items: [{ sku: '', name: 'Poster', quantity: 3, price: 9 }], refunds: [] };
  const post = (body: object | string, o: { id?: string; tamper?: boolean; signature?: string | null; contentType?: string } = {}) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/json', 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-delivery-id': o.id ?? crypto.randomUUID() };
    if (o.signature !== null) headers['x-wc-webhook-signature'] = o.signature ?? signBody(WOO_SECRET, raw);
    return t.app.inject({ method: 'POST', url: `/hooks/orders/woocommerce?workspace=${ws.id}`, headers, payload: o.tamper ? raw.replace('27.00', '2.70') : raw });
  };

  it('accepts a valid order (ad-hoc lines for unknown products), refuses tampered and replayed deliveries, answers the ping', async () => {
    const ok = await post(wooOrder, { id: 'd-1' });
    expect(ok.json()).toMatchObject({ accepted: true, outcome: 'created' });
    const order = (await t.app.inject({ url: `/api/v1/orders/${ok.json().orderId}`, headers: ws.owner.headers })).json();
    expect(order).toMatchObject({ externalId: 'woocommerce:727', status: 'paid', total: 27, lines: [{ adHoc: true, name: 'Poster', quantity: 3, unitPrice: 9 }] });
    expect((await post(wooOrder, { tamper: true })).statusCode).toBe(401);
    expect((await post(wooOrder, { signature: null })).statusCode).toBe(401);
    expect((await post(wooOrder, { id: 'd-1' })).statusCode).toBe(409);
    const ping = await post('webhook_id=15', { signature: null, contentType: 'application/x-www-form-urlencoded' });
    expect(ping.statusCode).toBe(200);
    expect(ping.json()).toMatchObject({ accepted: false, reason: 'ping' });
  });
});
