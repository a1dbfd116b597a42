import type { WebSocket } from 'ws';
import type { ChatRelay, Frame, RelayEvent } from './chat-relay.js';

export type { Frame } from './chat-relay.js';

/** A visitor's socket: one browser tab with the widget open. */
export interface VisitorConnection { socket: WebSocket; workspaceId: number; sessionId: number; ticketId: number | null }
/** An agent's socket: the chat panel of a logged-in user who works tickets. */
export interface AgentConnection { socket: WebSocket; workspaceId: number; userId: number }


function sendRaw(socket: WebSocket, data: string): void {
  if (socket.readyState === socket.OPEN) socket.send(data);
}

export function sendFrame(socket: WebSocket, frame: Frame): void {
  sendRaw(socket, JSON.stringify(frame));
}

function addTo<T>(map: Map<number, Set<T>>, key: number, value: T): void {
  const set = map.get(key) ?? new Set<T>();
  set.add(value);
  map.set(key, set);
}

function removeFrom<T>(map: Map<number, Set<T>>, key: number, value: T): boolean {
  const set = map.get(key);
  set?.delete(value);
  if (set && set.size === 0) map.delete(key);
  return !map.has(key);
}

/**
 * Who is connected, and the fan-out of frames to them. Sockets live in this process; with a
 * relay (PostgreSQL), frames and presence also reach the processes sharing the database, so a
 * visitor on one process and an agent on another talk live. Without one (PGlite, one owner
 * process) this process is everyone. Messages are stored before they are pushed, so a socket
 * that misses a push finds the message on its next hello, which asks for everything after the
 * last id it saw.
 */
export class ChatHub {
  private readonly visitors = new Map<number, Set<VisitorConnection>>();
  private readonly agents = new Map<number, Set<AgentConnection>>();

  constructor(private readonly relay?: ChatRelay) {
    relay?.onEvent({ wants: (e) => this.hasLocal(e), deliver: (e) => this.deliverLocal(e) });
  }

  async addVisitor(c: VisitorConnection): Promise<void> {
    addTo(this.visitors, c.sessionId, c);
    await this.relay?.join({ workspaceId: c.workspaceId, kind: 'visitor', subjectId: c.sessionId }).catch((err) => {
      removeFrom(this.visitors, c.sessionId, c);
      throw err;
    });
  }

  /** True when that was the session's last open tab in any process. */
  async removeVisitor(c: VisitorConnection): Promise<boolean> {
    if (!removeFrom(this.visitors, c.sessionId, c)) return false;
    return this.relay ? this.relay.leave({ workspaceId: c.workspaceId, kind: 'visitor', subjectId: c.sessionId }) : true;
  }

  async addAgent(c: AgentConnection): Promise<void> {
    addTo(this.agents, c.workspaceId, c);
    await this.relay?.join({ workspaceId: c.workspaceId, kind: 'agent', subjectId: c.userId }).catch((err) => {
      removeFrom(this.agents, c.workspaceId, c);
      throw err;
    });
  }

  async removeAgent(c: AgentConnection): Promise<void> {
    removeFrom(this.agents, c.workspaceId, c);
    if ([...(this.agents.get(c.workspaceId) ?? [])].some((a) => a.userId === c.userId)) return;
    await this.relay?.leave({ workspaceId: c.workspaceId, kind: 'agent', subjectId: c.userId });
  }

  /** Which of these visitor sessions have the widget open now, here or in another process. */
  async visitorsOnline(workspaceId: number, sessionIds: number[]): Promise<Set<number>> {
    if (this.relay) return new Set(await this.relay.live(workspaceId, 'visitor', sessionIds));
    return new Set(sessionIds.filter((id) => this.visitors.has(id)));
  }

  /** Users of the workspace with the chat panel open, here or in another process. */
  async connectedAgents(workspaceId: number): Promise<Set<number>> {
    if (this.relay) return new Set(await this.relay.live(workspaceId, 'agent'));
    return new Set([...(this.agents.get(workspaceId) ?? [])].map((a) => a.userId));
  }

  toVisitors(workspaceId: number, sessionId: number, frame: Frame, except?: WebSocket): void {
    this.fanOut({ ws: workspaceId, to: 'visitors', sessionId, frame }, except);
  }

  toAgents(workspaceId: number, frame: Frame, except?: WebSocket): void {
    this.fanOut({ ws: workspaceId, to: 'agents', frame }, except);
  }

  private fanOut(e: RelayEvent, except?: WebSocket): void {
    this.deliverLocal(e, except);
    this.relay?.publish(e);
  }

  private hasLocal(e: RelayEvent): boolean {
    return e.to === 'agents' ? this.agents.has(e.ws) : this.visitors.has(e.sessionId ?? 0);
  }

  private deliverLocal(e: RelayEvent, except?: WebSocket): void {
    const data = JSON.stringify(e.frame);
    const conns = e.to === 'agents' ? this.agents.get(e.ws) : this.visitors.get(e.sessionId ?? 0);
    for (const c of conns ?? []) if (c.socket !== except && c.workspaceId === e.ws) sendRaw(c.socket, data);
  }
}

/**
 * A per-connection token bucket: `burst` frames at once, refilled at `perSecond`. A socket that
 * empties it is flooding and gets closed (1008, policy violation).
 */
export class FrameBucket {
  private tokens: number;
  private last = Date.now();

  constructor(private readonly burst = 20, private readonly perSecond = 5) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
