// The widget's socket: reconnects with backoff, resumes where it left off, resends what was not acknowledged.

export interface ChatMessage { id: number; from: 'visitor' | 'agent'; name?: string | null; text: string; cid?: string | null; pending?: boolean }
export interface Welcome { online: boolean; greeting: string; colors: { primary?: string; text?: string }; position?: 'right' | 'left'; email: string | null; messages: ChatMessage[] }

export interface ConnectionEvents {
  welcome(w: Welcome, resumed: boolean): void;
  message(m: ChatMessage): void;
  acked(cid: string, id: number): void;
  typing(): void;
  status(s: 'connecting' | 'open' | 'closed' | 'refused'): void;
  ended(): void;
  identified(email: string): void;
  offlineSent(): void;
  error(message: string): void;
}

type Frame = { t: string; [k: string]: unknown };
interface Outgoing { cid: string; text: string }

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 20);

/** Small wrapper over localStorage that never throws (private mode, storage full, blocked cookies). */
export function store(prefix: string) {
  return {
    get<T>(k: string, fallback: T): T {
      try {
        const v = localStorage.getItem(prefix + k);
        return v === null ? fallback : (JSON.parse(v) as T);
      } catch {
        return fallback;
      }
    },
    set(k: string, v: unknown) {
      try {
        localStorage.setItem(prefix + k, JSON.stringify(v));
      } catch {
        /* the chat works without storage; it just cannot resume after a reload */
      }
    },
  };
}

export class ChatConnection {
  private ws: WebSocket | null = null;
  private attempts = 0;
  private welcomed = false;
  private everWelcomed = false;
  private lastId = 0;
  private readonly seen = new Set<number>();
  private readonly storage;
  private outbox: Outgoing[];

  constructor(private readonly url: string, widgetKey: string, private readonly on: ConnectionEvents) {
    this.storage = store(`rapport-chat:${widgetKey}:`);
    this.outbox = this.storage.get<Outgoing[]>('outbox', []);
  }

  get pending(): Outgoing[] {
    return this.outbox;
  }

  connect(): void {
    this.on.status('connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ t: 'hello', token: this.storage.get<string | undefined>('token', undefined), since: this.everWelcomed ? this.lastId : 0 }));
    ws.onmessage = (e) => {
      try {
        this.receive(JSON.parse(String(e.data)) as Frame);
      } catch {
        /* a frame we do not understand is ignored */
      }
    };
    ws.onclose = (e) => {
      this.welcomed = false;
      if (this.ws !== ws) return;
      // 1008: we were told to stop (a flood, a refused origin); anything else is worth a retry.
      if (e.code === 1008) return this.on.status('refused');
      this.on.status('closed');
      const delay = Math.min(30_000, 500 * 2 ** this.attempts) * (0.5 + Math.random());
      this.attempts += 1;
      setTimeout(() => this.connect(), delay);
    };
  }

  private receive(f: Frame): void {
    if (f.t === 'welcome') {
      this.storage.set('token', f.token);
      this.welcomed = true;
      this.attempts = 0;
      const resumed = this.everWelcomed;
      this.everWelcomed = true;
      const messages = (f.messages as ChatMessage[]).filter((m) => this.note(m.id));
      this.on.welcome({ ...(f as unknown as Welcome), messages }, resumed);
      this.on.status('open');
      // What was sent but never acknowledged goes again; the server stores each client id once.
      for (const o of this.outbox) this.sendFrame({ t: 'msg', cid: o.cid, text: o.text });
    } else if (f.t === 'ack') {
      this.outbox = this.outbox.filter((o) => o.cid !== f.cid);
      this.storage.set('outbox', this.outbox);
      this.note(f.id as number);
      this.on.acked(f.cid as string, f.id as number);
    } else if (f.t === 'msg') {
      if (this.note(f.id as number)) this.on.message(f as unknown as ChatMessage);
    } else if (f.t === 'typing') this.on.typing();
    else if (f.t === 'ended') this.on.ended();
    else if (f.t === 'identified') this.on.identified(f.email as string);
    else if (f.t === 'offline_ok') this.on.offlineSent();
    else if (f.t === 'error') this.on.error(String(f.message));
  }

  /** Records a message id; false when it was seen already (a resend or a resumed history). */
  private note(id: number): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    this.lastId = Math.max(this.lastId, id);
    return true;
  }

  private sendFrame(frame: Frame): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN || !this.welcomed) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Queues a message (kept across reloads until acknowledged) and sends it if connected. */
  send(text: string): string {
    const cid = randomId();
    this.outbox.push({ cid, text });
    this.storage.set('outbox', this.outbox);
    this.sendFrame({ t: 'msg', cid, text });
    return cid;
  }

  typing(): void {
    this.sendFrame({ t: 'typing' });
  }

  identify(email: string, name: string): void {
    this.sendFrame({ t: 'identify', email, name });
  }

  offline(email: string, name: string, text: string): void {
    this.sendFrame({ t: 'offline', email, name, text });
  }
}
