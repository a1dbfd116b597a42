import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { WsClient } from '../../../test/ws-client.js';
import { PgChatRelay } from './chat-relay.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>> & { base: string; closed?: boolean };

const SHOP = 'http://shop.test:8080';
const run = Math.random().toString(36).slice(2, 8);
const url = process.env.DATABASE_URL;
let a: TestApp;
let b: TestApp;
let ws: TestWorkspace;
let key: string;
const open: WsClient[] = [];

async function serve(): Promise<TestApp> {
  const t = await createTestApp({ clientAddress: uniqueClientAddress() });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...t, base: `127.0.0.1:${(t.app.server.address() as AddressInfo).port}` };
}

const connect = async (u: string, headers: Record<string, string>) => {
  const c = new WsClient(u, headers);
  open.push(c);
  await c.opened;
  return c;
};
const visitorOn = (t: TestApp) => connect(`ws://${t.base}/ws/chat?key=${key}`, { origin: SHOP });
const agentOn = async (t: TestApp) => {
  const c = await connect(`ws://${t.base}/ws/agent`, { origin: `http://${t.base}`, cookie: ws.owner.cookie });
  await c.next('ready');
  return c;
};
const liveChat = async (t: TestApp, ticketId: unknown) =>
  (await t.app.inject({ url: '/api/v1/chats', headers: ws.owner.headers })).json().data.find((c: { ticketId: number }) => c.ticketId === ticketId);

/** A visitor on process A opens a chat that the agent on process B sees. */
async function chatAcross(cid: string, text: string) {
  const agent = await agentOn(b);
  const visitor = await visitorOn(a);
  visitor.send({ t: 'hello' });
  await visitor.next('welcome');
  visitor.send({ t: 'msg', cid, text });
  const { ticketId } = await agent.next('msg');
  return { agent, visitor, ticketId };
}

// Two server processes exist only on PostgreSQL: PGlite has one owner process per data dir, whose in-process hub is everyone.
describe.skipIf(!url)('chat across two server processes on one PostgreSQL (skipped on PGlite: one owner process, no second process to reach)', () => {
  beforeAll(async () => {
    a = await serve();
    b = await serve();
    ws = await newWorkspace(a.ctx);
    const api = async (t: TestApp, method: 'POST' | 'PUT', path: string, payload: object) => {
      const r = await t.app.inject({ method, url: path, payload, headers: ws.owner.headers });
      expect(r.statusCode, r.body).toBeLessThan(300);
      return r.json();
    };
    const inbox = await api(a, 'POST', '/api/v1/inboxes', { name: 'Chat', address: `relay-${run}@support.test`, assignment: 'manual' });
    key = (await api(a, 'POST', '/api/v1/chat-widgets', { inboxId: inbox.id, allowedOrigins: [SHOP] })).key;
    await api(b, 'PUT', '/api/v1/agents/me', { status: 'online' });
  });
  afterAll(async () => {
    open.forEach((c) => c.close());
    if (!a.closed) await a.close();
    await b.close();
  });

  it('carries messages, typing and presence between a visitor on one process and an agent on another', async () => {
    const agent = await agentOn(b);
    const visitor = await visitorOn(a);
    visitor.send({ t: 'hello' });
    // Process A sees that an agent is connected to process B.
    expect(await visitor.next('welcome')).toMatchObject({ online: true });

    // 4,000 three-byte characters: 12 KB, over NOTIFY's 8000-byte limit, so the text travels by id.
    const long = '€'.repeat(4000);
    visitor.send({ t: 'msg', cid: 'long-1', text: long });
    const ack = await visitor.next('ack');
    const seen = await agent.next('msg');
    expect(seen).toMatchObject({ from: 'visitor', id: ack.id, opened: true });
    expect(seen.text).toBe(long);
    const ticketId = seen.ticketId;

    visitor.send({ t: 'typing' });
    expect(await agent.next('typing')).toMatchObject({ ticketId, from: 'visitor' });
    expect(await liveChat(b, ticketId)).toMatchObject({ visitor: { online: true } });

    agent.send({ t: 'typing', ticketId });
    await visitor.next('typing');
    agent.send({ t: 'reply', ticketId, cid: 'r1', text: 'Answered from process B' });
    expect(await visitor.next('msg')).toMatchObject({ from: 'agent', name: 'owner user', text: 'Answered from process B' });

    const { token } = visitor.frames.find((f) => f.t === 'welcome')!;
    visitor.close();
    expect(await agent.next('presence')).toMatchObject({ ticketId, online: false });
    expect(await liveChat(b, ticketId)).toMatchObject({ visitor: { online: false } });

    // Back on process A, on the same chat: the agent on B sees them arrive.
    const again = await visitorOn(a);
    again.send({ t: 'hello', token, since: ack.id });
    expect((await again.next('welcome')).messages).toMatchObject([{ text: 'Answered from process B' }]);
    expect(await agent.next('presence')).toMatchObject({ ticketId, online: true });
    again.close();
    await agent.next('presence');
  });

  it('lets a visitor of a process that died go offline when its heartbeat stops', async () => {
    const { agent, visitor, ticketId } = await chatAcross('m1', 'Anyone there?');
    const { visitor: { sessionId } } = await liveChat(b, ticketId);
    visitor.close();
    await agent.next((f) => f.t === 'presence' && f.online === false);

    // A third process holds the visitor's socket, then dies: no goodbye, no more heartbeats.
    const log = pino({ level: 'silent' });
    const dead = new PgChatRelay({ db: a.ctx.db, url: url!, log });
    await dead.join({ workspaceId: ws.id, kind: 'visitor', subjectId: sessionId });
    expect(await liveChat(b, ticketId)).toMatchObject({ visitor: { online: true } });
    // The time-to-live passes without a heartbeat.
    await a.ctx.db.updateTable('chat_presence').set({ expires_at: new Date(Date.now() - 1000) }).where('node_id', '=', dead.node).execute();
    expect(await liveChat(b, ticketId)).toMatchObject({ visitor: { online: false } });

    // Any live process's sweep removes the row and tells the agents, once.
    const sweeper = new PgChatRelay({ db: a.ctx.db, url: url!, log });
    await sweeper.sweep();
    expect(await agent.next('presence')).toMatchObject({ ticketId, online: false });
    expect(await a.ctx.db.selectFrom('chat_presence').select('node_id').where('node_id', '=', dead.node).execute()).toEqual([]);
    await sweeper.close();
  });

  it('says goodbye for its visitors when a process stops', async () => {
    const { agent, visitor, ticketId } = await chatAcross('bye-1', 'Still here');
    a.closed = true;
    await a.close();
    expect(await agent.next((f) => f.t === 'presence' && f.ticketId === ticketId)).toMatchObject({ online: false });
    expect(await liveChat(b, ticketId)).toMatchObject({ visitor: { online: false } });
  });
});
