import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is waiting: a request someone is looking at, or work nobody waits for (jobs, pg-boss's
 * polling and maintenance). Background work is marked by running it inside `runInBackground`;
 * everything else — every HTTP request — is interactive.
 */
export type Priority = 'interactive' | 'background';

const background = new AsyncLocalStorage<true>();

/** Runs `fn` (and every promise, timer and callback it starts) as background work. */
export function runInBackground<T>(fn: () => T): T {
  return background.run(true, fn);
}

export function currentPriority(): Priority {
  return background.getStore() ? 'background' : 'interactive';
}

/**
 * Background work yields to at most this many interactive holders in a row before it gets one
 * turn, so a steady stream of requests slows an import down but cannot stop it.
 */
export const INTERACTIVE_STREAK = 16;

type Grant = (release: () => void) => void;

/**
 * The lock in front of PGlite's single connection, shared by Kysely and pg-boss; a transaction
 * holds it from BEGIN to COMMIT. It is FIFO within a priority, and interactive acquirers go ahead
 * of background ones, so a request waits at most for the statement or transaction in progress,
 * not for a queue of import batches and job polls. A background acquirer is also only granted
 * the lock on the next turn of the event loop: a request that just released it between two of
 * its own statements gets to queue its next one first.
 */
export class Mutex {
  private held = false;
  private readonly interactive: Grant[] = [];
  private readonly background: Grant[] = [];
  private streak = 0;
  private deferred = false;

  acquire(priority: Priority = currentPriority()): Promise<() => void> {
    return new Promise((resolve) => {
      (priority === 'interactive' ? this.interactive : this.background).push(resolve);
      this.dispatch();
    });
  }

  async run<T>(fn: () => Promise<T>, priority: Priority = currentPriority()): Promise<T> {
    const release = await this.acquire(priority);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Waiters not yet granted the lock, for tests and diagnostics. */
  get waiting(): { interactive: number; background: number } {
    return { interactive: this.interactive.length, background: this.background.length };
  }

  private dispatch(): void {
    if (this.held) return;
    const backgroundsTurn = this.background.length > 0 && this.streak >= INTERACTIVE_STREAK;
    if (this.interactive.length > 0 && !backgroundsTurn) {
      if (this.background.length > 0) this.streak++;
      this.grant(this.interactive.shift()!);
      return;
    }
    if (backgroundsTurn) {
      this.streak = 0;
      this.grant(this.background.shift()!);
      return;
    }
    if (this.background.length === 0 || this.deferred) return;
    this.deferred = true;
    setImmediate(() => {
      this.deferred = false;
      if (this.held) return;
      if (this.interactive.length > 0) return this.dispatch();
      const next = this.background.shift();
      if (next) {
        this.streak = 0;
        this.grant(next);
      }
    });
  }

  private grant(next: Grant): void {
    this.held = true;
    let released = false;
    next(() => {
      if (released) return;
      released = true;
      this.held = false;
      this.dispatch();
    });
  }
}
