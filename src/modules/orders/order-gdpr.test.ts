import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { signTimestamped } from '../channels/signatures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

describe('orders and messages under GDPR', () => {
  it('exports a contact’s orders and messages, and erasure keeps the orders without their customer and drops the messages', async () => {
    const order = (await t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: ws.owner.headers, payload: {
      externalId: 'G-1', customer: { email: 'gdpr@example.com', externalId: 'shop:c:1' }, status: 'paid', placedAt: '2026-11-01T10:00:00Z', currency: 'EUR', lines: [{ name: 'Thing', quantity: 1, unitPrice: 5 }],
    } })).json();
    await t.app.inject({ method: 'PUT', url: '/api/v1/ecrm-channels/telegram', headers: ws.owner.headers, payload: { secret: 'telegram-secret-0123456789' } });
    const raw = JSON.stringify({ messageId: 'm-1', from: { externalId: '555', email: 'gdpr@example.com' }, text: 'Please forget me' });
    const ts = String(Math.floor(Date.now() / 1000));
    const msg = await t.app.inject({ method: 'POST', url: `/hooks/messages/telegram?workspace=${ws.id}`, payload: raw,
      headers: { 'content-type': 'application/json', 'x-rapport-timestamp': ts, 'x-rapport-signature': signTimestamped('telegram-secret-0123456789', ts, raw) } });
    expect(msg.json()).toMatchObject({ filed: true, contactId: order.contactId });

    const exported = (await t.app.inject({ url: `/api/v1/contacts/${order.contactId}/export`, headers: ws.owner.headers })).json();
    expect(exported.orders).toMatchObject([{ external_id: 'G-1', customer_email: 'gdpr@example.com', lines: [{ name: 'Thing' }] }]);
    expect(exported.messages).toMatchObject([{ channel: 'telegram', body: 'Please forget me', sender_external_id: 'telegram:555' }]);

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/contacts/${order.contactId}/erase`, headers: ws.owner.headers, payload: { confirm: true } })).statusCode).toBe(200);
    const kept = (await t.app.inject({ url: `/api/v1/orders/${order.id}`, headers: ws.owner.headers })).json();
    expect(kept).toMatchObject({ externalId: 'G-1', contactId: null, customer: { email: null, externalId: null }, total: 5 });
    const left = await t.ctx.db.selectFrom('inbound_messages').select('id').where('workspace_id', '=', ws.id).execute();
    expect(left).toEqual([]);
  });
});
