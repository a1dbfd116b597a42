export interface GroupCommitOptions<T> {
  /**
   * A write starts no sooner than this after the one before. On PGlite a statement runs on the
   * caller's thread and blocks its event loop (SMTP replies included) while it runs; spacing the
   * commits makes each carry more items and leaves the loop free in between.
   */
  spacingMs?: number;
  /** Writes in flight at once (a pool of connections); 1 for a single-connection engine. */
  lanes?: number;
  /** A write takes items while their weights sum to at most this (always at least one item). */
  maxWeight?: number;
  weight?: (item: T) => number;
  /**
   * Wait one event-loop turn (setImmediate) before starting a write for a new item, so items that
   * arrived together share it instead of each taking a free lane; a lone item waits one turn.
   */
  gatherTurn?: boolean;
  /**
   * When a write of several items fails, write each item alone, so one bad item fails only its
   * own caller. The write must be idempotent: part of the failed group may have committed.
   */
  retrySingly?: boolean;
  /**
   * A write waits up to this long for as many items as the write before it carried. Callers that
   * each wait for their write before handing in the next item (SMTP connections: the next mail
   * comes after the 250) come back one by one; without the wait, the first one back would be
   * written alone while the others gather behind it. The size follows the load: a write of one
   * item makes the next one wait for nothing. 0: never wait.
   */
  gatherMs?: number;
}

interface Queued<T> {
  item: T;
  weight: number;
  done: (err?: Error) => void;
}

/**
 * Group commit: callers hand in one item each and wait until a write containing it has finished.
 * At most `lanes` writes run at a time; whatever arrives meanwhile goes into the next write, all
 * together. Under load a write carries many items (one statement, one commit, which is what a
 * single-connection engine like PGlite needs); an item is never left waiting for a batch to fill,
 * only (with `spacingMs` or `gatherTurn`) for the next write's turn.
 */
export class GroupCommit<T> {
  private queued: Queued<T>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private lastStart = -Infinity;
  private waitingWeight = 0;
  private idle: (() => void)[] = [];
  private lastSize = 1;
  private gatherUntil = 0;
  private gatherTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly o: Required<GroupCommitOptions<T>>;

  constructor(private readonly write: (items: T[]) => Promise<void>, options: GroupCommitOptions<T> = {}) {
    this.o = { spacingMs: 0, lanes: 1, maxWeight: Infinity, weight: () => 1, gatherTurn: false, retrySingly: false, gatherMs: 0, ...options };
  }

  /** Items handed in and not yet in a write that started. */
  get backlog(): number {
    return this.queued.length;
  }

  /** The weight of the items handed in whose write has not finished (queued or being written). */
  get waiting(): number {
    return this.waitingWeight;
  }

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const weight = this.o.weight(item);
      this.waitingWeight += weight;
      this.queued.push({ item, weight, done: (err) => {
        this.waitingWeight -= weight;
        if (err) reject(err);
        else resolve();
      } });
      if (this.o.gatherTurn) this.schedule(() => setImmediate(() => this.pump()));
      else this.pump();
    });
  }

  /** Resolves once nothing is queued or being written (shutdown, tests). */
  settled(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private isIdle(): boolean {
    return this.queued.length === 0 && this.inFlight === 0 && !this.scheduled;
  }

  private schedule(start: () => void): void {
    if (this.scheduled) return;
    this.scheduled = true;
    start();
  }

  private pump(): void {
    this.scheduled = false;
    while (this.inFlight < this.o.lanes && this.queued.length > 0) {
      const wait = this.lastStart + this.o.spacingMs - performance.now();
      if (wait >= 1) return this.schedule(() => setTimeout(() => this.pump(), wait));
      if (this.gathering()) return;
      this.lastStart = performance.now();
      this.inFlight += 1;
      void this.run(this.take()).finally(() => {
        this.inFlight -= 1;
        this.pump();
        if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  /** Whether the next write should wait (gatherMs) for more items; sets the timer that ends the wait. */
  private gathering(): boolean {
    const now = performance.now();
    if (this.o.gatherMs <= 0 || this.queued.length >= this.lastSize || (this.gatherUntil > 0 && now >= this.gatherUntil)) {
      clearTimeout(this.gatherTimer);
      this.gatherTimer = undefined;
      this.gatherUntil = 0;
      return false;
    }
    if (this.gatherUntil === 0) this.gatherUntil = now + this.o.gatherMs;
    this.gatherTimer ??= setTimeout(() => {
      this.gatherTimer = undefined;
      this.pump();
    }, Math.max(1, this.gatherUntil - now));
    return true;
  }

  private take(): Queued<T>[] {
    let n = 0;
    let total = 0;
    while (n < this.queued.length && (n === 0 || total + this.queued[n]!.weight <= this.o.maxWeight)) total += this.queued[n++]!.weight;
    this.lastSize = n;
    return this.queued.splice(0, n);
  }

  private async run(group: Queued<T>[]): Promise<void> {
    try {
      await this.write(group.map((g) => g.item));
      for (const g of group) g.done();
    } catch (err) {
      if (!this.o.retrySingly || group.length === 1) {
        for (const g of group) g.done(err as Error);
        return;
      }
      for (const g of group) {
        try {
          await this.write([g.item]);
          g.done();
        } catch (alone) {
          g.done(alone as Error);
        }
      }
    }
  }
}
