import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { refusedWith, WsClient } from '../../../test/ws-client.js';
import { MAX_FRAME_BYTES } from './chat.schema.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let base: string;
let key: string;
let offlineKey: string;
const SHOP = 'http://shop.test:8080';
const run = Math.random().toString(36).slice(2, 8);
const open: WsClient[] = [];

beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  ws = await newWorkspace(t.ctx);
  const api = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const r = await t.app.inject({ method, url, payload, headers: ws.owner.headers });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json();
  };
  const inbox = await api('POST', '/api/v1/inboxes', { name: 'Chat', address: `chat-${run}@support.test`, assignment: 'manual' });
  key = (await api('POST', '/api/v1/chat-widgets', { inboxId: inbox.id, allowedOrigins: [SHOP] })).key;
  const support = await ws.as('support');
  // A second inbox whose only agent is away: its widget is offline.
  const quiet = await api('POST', '/api/v1/inboxes', { name: 'Quiet', address: `quiet-${run}@support.test`, assignment: 'manual', agentIds: [support.actor.userId] });
  offlineKey = (await api('POST', '/api/v1/chat-widgets', { inboxId: quiet.id, allowedOrigins: [SHOP] })).key;
  await api('PUT', '/api/v1/agents/me', { status: 'online' });
});
afterAll(async () => {
  open.forEach((c) => c.close());
  await t.close();
});

const client = (url: string, headers: Record<string, string>) => {
  const c = new WsClient(url, headers);
  open.push(c);
  return c;
};
const visitor = async (k = key) => {
  const c = client(`ws://${base}/ws/chat?key=${k}`, { origin: SHOP });
  await c.opened;
  return c;
};
const agent = async (cookie = ws.owner.cookie) => {
  const c = client(`ws://${base}/ws/agent`, { origin: `http://${base}`, cookie });
  await c.opened;
  await c.next('ready');
  return c;
};

describe('chat sockets', () => {
  it('lets only allowed origins and agents who work tickets connect', async () => {
    expect(await refusedWith(`ws://${base}/ws/chat?key=${key}`, { origin: 'https://evil.test' })).toBe(403);
    expect(await refusedWith(`ws://${base}/ws/chat?key=${key}`)).toBe(403);
    expect(await refusedWith(`ws://${base}/ws/chat?key=wk_nosuchwidgetkey123`, { origin: SHOP })).toBe(404);
    expect(await refusedWith(`ws://${base}/ws/chat?key=bad`, { origin: SHOP })).toBe(400);
    expect(await refusedWith(`ws://${base}/ws/chat?key=${key}`, { origin: SHOP })).toBe('open');
    expect(await refusedWith(`ws://${base}/ws/agent`, { origin: `http://${base}` })).toBe(401);
    expect(await refusedWith(`ws://${base}/ws/agent`, { origin: SHOP, cookie: ws.owner.cookie })).toBe(403);
    expect(await refusedWith(`ws://${base}/ws/agent`, { origin: `http://${base}`, cookie: (await ws.as('marketing')).cookie })).toBe(403);
    expect(await refusedWith(`ws://${base}/ws/agent`, { origin: `http://${base}`, cookie: (await ws.as('support')).cookie })).toBe('open');
  });

  it('carries a conversation both ways, with typing, and files it as a chat ticket', async () => {
    const a = await agent();
    const v = await visitor();
    v.send({ t: 'hello' });
    const welcome = await v.next('welcome');
    expect(welcome).toMatchObject({ online: true, greeting: 'Hi! How can we help?', messages: [] });
    v.send({ t: 'msg', cid: 'c1', text: 'Where is my order?' });
    const ack = await v.next('ack');
    const seen = await a.next('msg');
    expect(seen).toMatchObject({ from: 'visitor', text: 'Where is my order?', id: ack.id, opened: true });
    v.send({ t: 'typing' });
    expect(await a.next('typing')).toMatchObject({ ticketId: seen.ticketId, from: 'visitor' });
    a.send({ t: 'typing', ticketId: seen.ticketId });
    await v.next('typing');
    a.send({ t: 'reply', ticketId: seen.ticketId, cid: 'r1', text: 'It ships today.' });
    expect(await a.next('ack')).toMatchObject({ cid: 'r1' });
    expect(await v.next('msg')).toMatchObject({ from: 'agent', name: 'owner user', text: 'It ships today.' });
    const ticket = (await t.app.inject({ url: `/api/v1/tickets/${seen.ticketId}`, headers: ws.owner.headers })).json();
    expect(ticket).toMatchObject({ channel: 'chat', status: 'open' });
    expect(ticket.messages.map((m: { kind: string; text: string }) => [m.kind, m.text])).toEqual([['inbound', 'Where is my order?'], ['reply', 'It ships today.']]);
    const live = (await t.app.inject({ url: '/api/v1/chats', headers: ws.owner.headers })).json();
    expect(live.data.find((c: { ticketId: number }) => c.ticketId === seen.ticketId)).toMatchObject({ visitor: { online: true }, lastText: 'It ships today.' });
    a.close();
    v.close();
  });

  it('resumes after a reconnect: nothing lost, nothing stored twice', async () => {
    const a = await agent();
    const v1 = await visitor();
    v1.send({ t: 'hello' });
    const { token } = await v1.next('welcome');
    v1.send({ t: 'msg', cid: 'same-1', text: 'first' });
    const ack1 = await v1.next('ack');
    const { ticketId } = await a.next((f) => f.t === 'msg' && f.text === 'first');
    v1.close();
    await v1.closed;
    // While the visitor is away, the agent answers.
    a.send({ t: 'reply', ticketId, cid: 'away-1', text: 'while you were gone' });
    await a.next('ack');
    const v2 = await visitor();
    v2.send({ t: 'hello', token, since: ack1.id });
    const welcome = await v2.next('welcome');
    expect((welcome.messages as { text: string }[]).map((m) => m.text)).toEqual(['while you were gone']);
    // The client did not see its ack before the drop, so it sends the message again: stored once.
    v2.send({ t: 'msg', cid: 'same-1', text: 'first' });
    expect((await v2.next('ack')).id).toBe(ack1.id);
    const rows = await t.ctx.db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketId as number).where('kind', '=', 'inbound').execute();
    expect(rows).toHaveLength(1);
    // A forged token is a new visitor, who sees nothing of this chat.
    const v3 = await visitor();
    v3.send({ t: 'hello', token: `${String(token).slice(0, -3)}xyz` });
    expect((await v3.next('welcome')).messages).toEqual([]);
  });

  it('answers bad frames without dropping the socket, and refuses oversized ones', async () => {
    const v = await visitor();
    v.send('not json');
    expect(await v.next('error')).toMatchObject({ code: 'bad_frame' });
    v.send({ t: 'msg', cid: 'x', text: 'before hello' });
    expect((await v.next('error')).message).toMatch(/hello first/);
    v.send({ t: 'hello' });
    await v.next('welcome');
    v.send({ t: 'msg', cid: 'long', text: 'x'.repeat(4001) });
    expect((await v.next('error')).message).toMatch(/4000/);
    v.send({ t: 'msg', cid: 'nul', text: 'a\u0000b' });
    expect(await v.next((f) => f.t === 'error' || f.t === 'ack')).toMatchObject({ t: 'error', code: 'bad_frame', message: 'text: must not contain NUL bytes' });
    v.send({ t: 'msg', cid: 'ok-1', text: 'still here' });
    await v.next('ack');
    v.send({ t: 'msg', cid: 'big', text: 'x'.repeat(MAX_FRAME_BYTES + 1) });
    expect((await v.closed).code).toBe(1009);
  });

  it('closes a flood with 1008', async () => {
    const v = await visitor();
    for (let i = 0; i < 60; i++) v.send({ t: 'typing' });
    expect(await v.closed).toMatchObject({ code: 1008 });
  });

  it('offers the offline path when no agent is online: the message becomes an email ticket', async () => {
    const v = await visitor(offlineKey);
    v.send({ t: 'hello' });
    expect((await v.next('welcome')).online).toBe(false);
    v.send({ t: 'offline', email: `Later-${run}@example.com`, name: 'Lee\r\nBcc: x@evil.test', text: 'Call me back please' });
    const { ticketId } = await v.next('offline_ok');
    const ticket = (await t.app.inject({ url: `/api/v1/tickets/${ticketId}`, headers: ws.owner.headers })).json();
    expect(ticket).toMatchObject({ channel: 'email', subject: 'Chat message from Lee Bcc: x@evil.test', contact: { email: `later-${run}@example.com` } });
    expect(ticket.messages[0].text).toBe('Call me back please');
  });

  it('puts the transcript on the contact’s timeline when the agent ends the chat', async () => {
    const a = await agent();
    const v = await visitor();
    v.send({ t: 'hello' });
    await v.next('welcome');
    v.send({ t: 'msg', cid: 'm1', text: 'Hello there' });
    const { ticketId } = await a.next((f) => f.t === 'msg' && f.text === 'Hello there');
    v.send({ t: 'identify', email: `chatter-${run}@example.com`, name: 'Chat Ter' });
    await v.next('identified');
    a.send({ t: 'reply', ticketId, cid: 'r1', text: 'Hi Chat' });
    await v.next('msg');
    a.send({ t: 'end', ticketId });
    await a.next('ended');
    await v.next('ended');
    const ticket = (await t.app.inject({ url: `/api/v1/tickets/${ticketId}`, headers: ws.owner.headers })).json();
    expect(ticket.status).toBe('solved');
    const timeline = (await t.app.inject({ url: `/api/v1/contacts/${ticket.contact.id}/timeline`, headers: ws.owner.headers })).json();
    const transcript = timeline.data.find((e: { kind: string }) => e.kind === 'chat_transcript');
    expect(transcript.data).toMatchObject({ ticketId, messageCount: 2, lines: [{ from: 'visitor', text: 'Hello there' }, { from: 'owner user', text: 'Hi Chat' }] });
    const marketing = await ws.as('marketing');
    const hidden = (await t.app.inject({ url: `/api/v1/contacts/${ticket.contact.id}/timeline`, headers: marketing.headers })).json();
    expect(hidden.data.map((e: { kind: string }) => e.kind)).not.toContain('chat_transcript');
    // The visitor comes back after the chat was solved: a new chat starts.
    v.send({ t: 'msg', cid: 'm2', text: 'One more thing' });
    const again = await a.next((f) => f.t === 'msg' && f.text === 'One more thing');
    expect(again.ticketId).not.toBe(ticketId);
    expect(again.opened).toBe(true);
  });
});
