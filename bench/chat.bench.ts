import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { AppContext } from '../src/context.js';
import { buildApp } from '../src/http/app.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { createChatWidget } from '../src/modules/chat/chat-widgets.service.js';
import { createInbox } from '../src/modules/tickets/inboxes.service.js';
import { fmt, ratio } from './stats.js';

export const CONNECTIONS = Number(process.env.BENCH_CHAT_CONNECTIONS ?? 1000);
const ROUNDS = Number(process.env.BENCH_CHAT_ROUNDS ?? 2);
// Each connection sends one message per round at a random moment in this window: a visitor
// writing every ~10 s, so 1,000 open chats make ~100 messages a second.
const WINDOW_MS = Number(process.env.BENCH_CHAT_WINDOW_MS ?? 10_000);
const ORIGIN = 'http://bench.local';

interface Client { socket: WebSocket; pending: Map<string, number> }

/** Opens `n` sockets in batches and waits for each one's first answer (the welcome, or the echo). */
async function connectAll(url: string, n: number, hello: object): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < n; i += 100) {
    clients.push(...await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => new Promise<Client>((resolve, reject) => {
      const socket = new WebSocket(url, { headers: { origin: ORIGIN } });
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify(hello)));
      socket.once('message', () => resolve({ socket, pending: new Map() }));
    }))));
  }
  return clients;
}

/** Every client sends ROUNDS messages, each at a random moment of its round; the figure is send → ack. */
async function roundTrips(clients: Client[], rounds: number, tag: string): Promise<{ samples: number[]; seconds: number; lost: number }> {
  const samples: number[] = [];
  let outstanding = 0;
  let done: () => void = () => undefined;
  for (const c of clients) {
    c.socket.removeAllListeners('message');
    c.socket.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { t: string; cid?: string };
      const sent = f.t === 'ack' && f.cid ? c.pending.get(f.cid) : undefined;
      if (sent === undefined) return;
      c.pending.delete(f.cid!);
      samples.push(performance.now() - sent);
      if (--outstanding === 0) done();
    });
  }
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    await Promise.all(clients.map((c, i) => new Promise<void>((resolve) => setTimeout(() => {
      const cid = `${tag}${r}c${i}`;
      outstanding++;
      c.pending.set(cid, performance.now());
      c.socket.send(JSON.stringify({ t: 'msg', cid, text: `Message ${r} from visitor ${i}` }));
      resolve();
    }, Math.random() * WINDOW_MS))));
  }
  await Promise.race([new Promise<void>((resolve) => { done = resolve; if (outstanding === 0) resolve(); }), new Promise((r) => setTimeout(r, 120_000))]);
  return { samples, seconds: (performance.now() - started) / 1000, lost: outstanding };
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function row(name: string, r: Awaited<ReturnType<typeof roundTrips>>) {
  const s = [...r.samples].sort((a, b) => a - b);
  return { name, p50: pct(s, 0.5), p95: pct(s, 0.95), p99: pct(s, 0.99), max: s.at(-1) ?? NaN, perSecond: s.length / r.seconds, lost: r.lost };
}

/**
 * 1,000 concurrent chat connections to /ws/chat, each writing to its own chat (the first message
 * opens a ticket; every message is a stored ticket message, acknowledged after its commit), beside
 * a bare `ws` echo server driven the same way in the same process: the raw cost of the socket.
 */
export async function benchChat(ctx: AppContext, actor: Actor) {
  const inbox = await createInbox({ ctx, actor, input: { name: 'Chat bench', address: `chat-bench-${process.pid}-${Date.now()}@bench.local`, assignment: 'manual', agentIds: [] } });
  const widget = await createChatWidget({ ctx, actor, input: { inboxId: inbox.id, allowedOrigins: [ORIGIN], greeting: 'Hi', colors: {}, position: 'right' } });

  const raw = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  raw.on('connection', (s) => s.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { t: string; cid?: string };
    s.send(JSON.stringify(f.t === 'hello' ? { t: 'welcome' } : { t: 'ack', cid: f.cid, id: 1 }));
  }));
  await new Promise((r) => raw.once('listening', r));
  const rawClients = await connectAll(`ws://127.0.0.1:${(raw.address() as AddressInfo).port}`, CONNECTIONS, { t: 'hello' });
  const baseline = row('raw ws echo (baseline)', await roundTrips(rawClients, ROUNDS, 'f'));
  rawClients.forEach((c) => c.socket.terminate());
  raw.close();

  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/ws/chat?key=${widget.key}`;
    const openStart = performance.now();
    const clients = await connectAll(url, CONNECTIONS, { t: 'hello' });
    const openSeconds = (performance.now() - openStart) / 1000;
    // The first message of each chat opens its ticket (assignment, SLA, timeline, audit); the rest only add to it.
    const first = row('/ws/chat first message (opens the ticket)', await roundTrips(clients, 1, 'o'));
    const chat = row('/ws/chat follow-up messages (stored, acked)', await roundTrips(clients, ROUNDS, 'f'));
    clients.forEach((c) => c.socket.terminate());
    return [baseline, first, chat].map((r) => ({
      path: r.name, connections: CONNECTIONS, messages: CONNECTIONS * (r === first ? 1 : ROUNDS), 'msgs/s': r.perSecond.toFixed(0),
      p50: fmt(r.p50), p95: fmt(r.p95), p99: fmt(r.p99), max: fmt(r.max), unacked: r.lost,
      'p99 vs raw': r === baseline ? '1.00×' : ratio(r.p99, baseline.p99),
      'connect+hello, all': r === baseline ? '' : `${openSeconds.toFixed(1)} s`,
    }));
  } finally {
    await app.close();
  }
}
