import WebSocket from 'ws';

export type Frame = Record<string, unknown> & { t: string };

/**
 * A test's WebSocket client: every frame it receives is kept, and `next` waits for the first
 * unread one that matches. `opened` rejects with the HTTP status when the upgrade is refused.
 */
export class WsClient {
  readonly socket: WebSocket;
  readonly frames: Frame[] = [];
  private read = 0;
  private waiters: (() => void)[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.socket = new WebSocket(url, { headers });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  send(frame: object | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next unread frame matching `match` (by type, or a predicate); frames before it are skipped. */
  async next(match: string | ((f: Frame) => boolean), ms = 5000): Promise<Frame> {
    const test = typeof match === 'string' ? (f: Frame) => f.t === match : match;
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.frames.findIndex((f, idx) => idx >= this.read && test(f));
      if (i >= 0) {
        this.read = i + 1;
        return this.frames[i]!;
      }
      if (Date.now() > deadline) throw new Error(`no frame matching ${String(match)}; got ${JSON.stringify(this.frames.slice(this.read))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** The HTTP status an upgrade was refused with. */
export async function refusedWith(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  const c = new WsClient(url, headers);
  try {
    await c.opened;
    c.close();
    return 'open';
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}
