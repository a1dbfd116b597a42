import type { AppContext } from '../../context.js';
import type { CheckedEvent } from '../events/event-check.js';
import { ingestEvents } from '../events/events.service.js';

/**
 * Events the collect endpoint accepted, written in batches: a browser's request is answered once
 * its events are checked, and a writer stores what gathered, per workspace, every FLUSH_MS or
 * at BATCH events (the same path as the batch API: idempotent, one transaction per batch). The
 * price: events of the last FLUSH_MS are lost if the process dies; the snippet's events are
 * analytics, and every one carries an id, so a resend is harmless. Closing the app flushes.
 */
const FLUSH_MS = 250;
const BATCH = 1000;
/** Beyond this many waiting events the endpoint answers 503 (the database is not keeping up). */
export const BUFFER_LIMIT = 50_000;

export class CollectBuffer {
  private pending = new Map<number, CheckedEvent[]>();
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: AppContext) {}

  get full(): boolean {
    return this.size >= BUFFER_LIMIT;
  }

  add(workspaceId: number, events: CheckedEvent[]): void {
    if (!events.length) return;
    const list = this.pending.get(workspaceId) ?? [];
    list.push(...events);
    this.pending.set(workspaceId, list);
    this.size += events.length;
    if (list.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes everything waiting; resolves when it is stored (tests and shutdown wait on it). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = [...this.pending.entries()];
    this.pending.clear();
    this.size = 0;
    this.running = this.running.then(async () => {
      for (const [workspaceId, events] of batches) {
        for (let i = 0; i < events.length; i += BATCH) {
          const slice = events.slice(i, i + BATCH);
          try {
            await ingestEvents({ ctx: this.ctx, workspaceId, events: slice, trusted: false });
          } catch (err) {
            this.ctx.log.error({ err, workspaceId, events: slice.length }, 'collected events could not be stored');
          }
        }
      }
    });
    return this.running;
  }
}
