import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { signTimestamped } from '../channels/signatures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let inboxId: number;
const SECRET = 'gateway-secret-0123456789abcdef';
beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  ws = await newWorkspace(t.ctx);
  inboxId = (await t.app.inject({ method: 'POST', url: '/api/v1/inboxes', headers: ws.owner.headers, payload: { name: 'Chat', address: `chat-${ws.id}@support.example` } })).json().id;
  for (const channel of ['whatsapp', 'telegram']) {
    const res = await t.app.inject({ method: 'PUT', url: `/api/v1/ecrm-channels/${channel}`, headers: ws.owner.headers, payload: { secret: SECRET, ...(channel === 'whatsapp' ? { inboxId } : {}) } });
    expect(res.statusCode).toBe(200);
  }
});
afterAll(async () => t.close());

const now = () => String(Math.floor(Date.now() / 1000));
function send(channel: string, body: object, o: { timestamp?: string; secret?: string; signature?: string; tamper?: boolean } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = o.timestamp ?? now();
  return t.app.inject({
    method: 'POST', url: `/hooks/messages/${channel}?workspace=${ws.id}`,
    headers: { 'content-type': 'application/json', 'x-rapport-timestamp': timestamp, 'x-rapport-signature': o.signature ?? signTimestamped(o.secret ?? SECRET, timestamp, raw) },
    payload: o.tamper ? raw.replace('Hello', 'Hellp') : raw,
  });
}
const message = (id: string, text = 'Hello, where is my order?') => ({ messageId: id, from: { externalId: '+40712345678', name: 'Ion Popescu', phone: '+40712345678' }, text });

describe('/hooks/messages/{channel}', () => {
  it('puts a WhatsApp message on the contact’s timeline and on a chat ticket of the channel’s inbox; the next one joins that ticket', async () => {
    const first = await send('whatsapp', message('wamid.1'));
    expect(first.statusCode).toBe(200);
    const { contactId, ticketId } = first.json();
    expect(first.json()).toMatchObject({ filed: true });
    expect(ticketId).toBeGreaterThan(0);
    const contact = (await t.app.inject({ url: `/api/v1/contacts/${contactId}`, headers: ws.owner.headers })).json();
    expect(contact).toMatchObject({ firstName: 'Ion', lastName: 'Popescu', phone: '+40712345678' });

    const second = await send('whatsapp', message('wamid.2', 'Hello again'));
    expect(second.json()).toMatchObject({ filed: true, contactId, ticketId });
    const ticket = (await t.app.inject({ url: `/api/v1/tickets/${ticketId}`, headers: ws.owner.headers })).json();
    expect(ticket).toMatchObject({ channel: 'chat', inboxId });
    expect(ticket.messages.map((m: { text: string }) => m.text)).toEqual(['Hello, where is my order?', 'Hello again']);

    const timeline = (await t.app.inject({ url: `/api/v1/contacts/${contactId}/timeline`, headers: ws.owner.headers })).json().data;
    const received = timeline.filter((e: { kind: string }) => e.kind === 'message_received');
    expect(received.map((e: { data: { excerpt: string } }) => e.data.excerpt)).toEqual(['Hello again', 'Hello, where is my order?']);
    expect(received[0].data).toMatchObject({ channel: 'whatsapp', ticketId });
  });

  it('without an inbox the message is on the timeline only; a message id seen before is filed once', async () => {
    const res = await send('telegram', { messageId: 'tg-1', from: { externalId: '99887766', email: 'tg-user@example.com' }, text: 'Hi from Telegram' });
    expect(res.json()).toMatchObject({ filed: true, ticketId: null });
    // The gateway's retry: the same message, signed anew (another timestamp).
    const again = await send('telegram', { messageId: 'tg-1', from: { externalId: '99887766', email: 'tg-user@example.com' }, text: 'Hi from Telegram' }, { timestamp: String(Math.floor(Date.now() / 1000) - 30) });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ filed: false, reason: 'duplicate message id', contactId: res.json().contactId });
  });

  it('refuses tampered (401), stale (401), replayed (409) and unconfigured (401) deliveries, and a malformed body (400)', async () => {
    expect((await send('whatsapp', message('wamid.3'), { tamper: true })).statusCode).toBe(401);
    expect((await send('whatsapp', message('wamid.3'), { secret: 'not-the-secret-at-all-0000' })).statusCode).toBe(401);
    const stale = await send('whatsapp', message('wamid.3'), { timestamp: String(Math.floor(Date.now() / 1000) - 600) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.message).toContain('window');
    const ts = now();
    const body = message('wamid.4');
    const signature = signTimestamped(SECRET, ts, JSON.stringify(body));
    expect((await send('whatsapp', body, { timestamp: ts, signature })).statusCode).toBe(200);
    expect((await send('whatsapp', body, { timestamp: ts, signature })).statusCode).toBe(409);
    expect((await send('facebook', message('fb-1'))).statusCode).toBe(401);
    expect((await send('whatsapp', { messageId: 'x', from: {}, text: '' })).statusCode).toBe(400);
    expect((await send('sms', message('x'))).statusCode).toBe(400);
  });
});
