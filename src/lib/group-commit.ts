/**
 * Group commit: callers hand in one item each and wait until a write containing it has finished.
 * At most one write runs at a time; whatever arrives meanwhile goes into the next write, all
 * together. Under load a write carries many items (one statement, one commit, which is what a
 * single-connection engine like PGlite needs); an item is never left waiting for a batch to fill,
 * only (with `spacingMs`) for the next write's turn.
 */
export class GroupCommit<T> {
  private queued: { item: T; done: (err?: Error) => void }[] = [];
  private running = false;

  private lastStart = -Infinity;

  /**
   * `spacingMs`: a write starts no sooner than this after the one before. On PGlite a statement
   * runs on the caller's thread and blocks its event loop (SMTP replies included) while it runs;
   * spacing the commits makes each carry more items and leaves the loop free in between.
   */
  constructor(private readonly write: (items: T[]) => Promise<void>, private readonly spacingMs = 0) {}

  /** Items handed in and not yet in a write that started. */
  get backlog(): number {
    return this.queued.length;
  }

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ item, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queued.length > 0) {
      const wait = this.lastStart + this.spacingMs - performance.now();
      if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
      this.lastStart = performance.now();
      const group = this.queued;
      this.queued = [];
      try {
        await this.write(group.map((g) => g.item));
        for (const g of group) g.done();
      } catch (err) {
        for (const g of group) g.done(err as Error);
      }
    }
    this.running = false;
  }
}
