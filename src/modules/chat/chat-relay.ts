import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Executor } from '../../db/executor.js';
import * as presence from './chat-presence.repo.js';

export type Frame = Record<string, unknown> & { t: string };
/** A hub event: a frame for the agents of a workspace, or for the tabs of one visitor session. */
export interface RelayEvent { ws: number; to: 'agents' | 'visitors'; sessionId?: number; frame: Frame }
export interface RelaySink { wants: (e: RelayEvent) => boolean; deliver: (e: RelayEvent) => void }

/** Carries hub events and presence between the server processes that share one database. */
export interface ChatRelay {
  onEvent(sink: RelaySink): void;
  publish(e: RelayEvent): void;
  join(p: presence.PresenceKey): Promise<void>;
  /** True when no process holds `p` any more. */
  leave(p: presence.PresenceKey): Promise<boolean>;
  live(workspaceId: number, kind: presence.PresenceKind, ids?: number[]): Promise<number[]>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export const CHAT_CHANNEL = 'rapport_chat';
const keyOf = (p: presence.PresenceKey) => `${p.workspaceId}:${p.kind}:${p.subjectId}`;
// NOTIFY refuses payloads from 8000 bytes; ours are ids and short fields, this is the guard.
const MAX_PAYLOAD = 7900;

/**
 * PostgreSQL LISTEN/NOTIFY between processes: one dedicated listening connection per process;
 * notifications go out through the pool, one at a time so they keep their order. A chat
 * message travels as its id: the processes with a socket that wants it re-read the text.
 * Presence is a row per process that holds a socket, renewed by a heartbeat; a process that
 * dies stops renewing, its rows expire, and the next sweep (any process) tells agents.
 */
export class PgChatRelay implements ChatRelay {
  readonly node = randomBytes(8).toString('hex');
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private sink: RelaySink = { wants: () => false, deliver: () => {} };
  private sending = Promise.resolve();
  private receiving = Promise.resolve();
  private closed = false;
  private readonly held = new Map<string, presence.PresenceKey>();

  constructor(private readonly o: { db: Executor; url: string; log: Logger; heartbeatMs?: number; ttlMs?: number }) {}

  private get ttlMs() {
    return this.o.ttlMs ?? 45_000;
  }

  onEvent(sink: RelaySink): void {
    this.sink = sink;
  }

  async start(): Promise<void> {
    await this.listen();
    this.timer = setInterval(() => void this.beat(), this.o.heartbeatMs ?? 15_000);
    this.timer.unref();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.o.url });
    client.on('notification', (n) => n.payload && this.received(n.payload));
    client.on('error', (err) => this.relisten(client, err));
    client.on('end', () => this.relisten(client));
    await client.connect();
    await client.query(`listen ${CHAT_CHANNEL}`);
    if (this.closed) await client.end();
    else this.listener = client;
  }

  /** A lost listening connection is opened again; sockets catch up on what they missed when they reconnect. */
  private relisten(old: pg.Client, err?: Error): void {
    if (this.closed || this.listener !== old) return;
    this.listener = undefined;
    this.o.log.warn({ err }, 'chat relay: the listening connection dropped; reopening');
    old.end().catch(() => {});
    const retry = () => setTimeout(() => !this.closed && this.listen().catch(retry), 1000).unref();
    retry();
  }

  publish(e: RelayEvent): void {
    if (this.closed) return;
    const { text: _body, ...slim } = e.frame;
    const payload = JSON.stringify({ n: this.node, ...e, frame: e.frame.t === 'msg' ? slim : e.frame });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      this.o.log.warn({ t: e.frame.t, bytes: payload.length }, 'chat relay: event too large to notify; dropped');
      return;
    }
    this.sending = this.sending.then(() => presence.notify(this.o.db, CHAT_CHANNEL, payload)).catch((err) => this.o.log.warn({ err }, 'chat relay: notify failed'));
  }

  private received(payload: string): void {
    let e: RelayEvent & { n?: string };
    try {
      e = JSON.parse(payload);
    } catch {
      return;
    }
    if (e.n === this.node || !this.sink.wants(e)) return;
    this.receiving = this.receiving.then(async () => {
      if (e.frame.t === 'msg' && typeof e.frame.id === 'number') {
        const text = await presence.chatMessageText(this.o.db, e.ws, e.frame.id);
        if (text === null) return;
        e.frame.text = text;
      }
      this.sink.deliver({ ws: e.ws, to: e.to, sessionId: e.sessionId, frame: e.frame });
    }).catch((err) => this.o.log.warn({ err }, 'chat relay: delivery failed'));
  }

  async join(p: presence.PresenceKey): Promise<void> {
    if (this.closed) return;
    this.held.set(keyOf(p), p);
    await presence.upsertPresence(this.o.db, this.node, p, this.ttlMs);
  }

  async leave(p: presence.PresenceKey): Promise<boolean> {
    if (this.closed) return false;
    this.held.delete(keyOf(p));
    await presence.deletePresence(this.o.db, this.node, p);
    return (await presence.livePresence(this.o.db, p.workspaceId, p.kind, [p.subjectId])).length === 0;
  }

  live(workspaceId: number, kind: presence.PresenceKind, ids?: number[]): Promise<number[]> {
    return presence.livePresence(this.o.db, workspaceId, kind, ids);
  }

  private async beat(): Promise<void> {
    try {
      await presence.renewPresence(this.o.db, this.node, [...this.held.values()], this.ttlMs);
      await this.sweep();
    } catch (err) {
      this.o.log.warn({ err }, 'chat relay: heartbeat failed');
    }
  }

  /** Deletes the rows of processes that stopped beating; agents hear of each visitor no process holds any more. */
  async sweep(): Promise<void> {
    await this.announceGone(await presence.sweepExpired(this.o.db));
  }

  private async announceGone(rows: { workspace_id: number; kind: string; subject_id: number }[]): Promise<void> {
    for (const r of rows) {
      if (r.kind !== 'visitor') continue;
      if ((await presence.livePresence(this.o.db, r.workspace_id, 'visitor', [r.subject_id])).length > 0) continue;
      const ticketId = await presence.ticketOfSession(this.o.db, r.workspace_id, r.subject_id);
      if (!ticketId) continue;
      const e: RelayEvent = { ws: r.workspace_id, to: 'agents', frame: { t: 'presence', ticketId, online: false } };
      this.sink.deliver(e);
      this.publish(e);
    }
  }

  /** A graceful stop: this process's visitors are gone, said once, before the listener closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.announceGone(await presence.dropNode(this.o.db, this.node)).catch((err) => this.o.log.warn({ err }, 'chat relay: could not say goodbye'));
    this.closed = true;
    await this.sending;
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => {});
  }
}
