/**
 * Sizes import batches by time. On PGlite a batch's transaction holds the only connection, so
 * every request that arrives meanwhile waits for it: batches are sized so that one takes about
 * `budgetMs`, measured on the batches already committed (the cost per row changes with the file's
 * columns, the indexes, and how full the tables are). On PostgreSQL requests have connections of
 * their own, so a fixed, larger batch is cheaper per row.
 */
export class BatchPacer {
  private current: number;

  constructor(private readonly o: { initial: number; min: number; max: number; budgetMs?: number }) {
    this.current = o.initial;
  }

  get size(): number {
    return this.current;
  }

  /** Records how long a batch of `rows` held the connection, and picks the next size. */
  record(rows: number, elapsedMs: number): void {
    const { budgetMs, min, max } = this.o;
    if (budgetMs === undefined || rows < this.current) return; // a short last batch says nothing
    const ideal = (rows * budgetMs) / Math.max(elapsedMs, 1);
    // At most double or halve per batch, so one slow batch (a checkpoint, a cache miss) does not swing it.
    const next = Math.min(this.current * 2, Math.max(this.current / 2, ideal));
    this.current = Math.round(Math.min(max, Math.max(min, next)));
  }
}

/**
 * The batch sizing of an import. Only background work (the import job in the server) is paced:
 * an import run in the foreground (the CLI in its own process, a benchmark) has nobody to make
 * room for, and takes the larger batches that are cheapest per row.
 */
export function importPacer(o: { engine: 'pglite' | 'postgres'; background: boolean; fixed?: number }): BatchPacer {
  // On PostgreSQL every batch costs ~10 round trips (begin, savepoint, match, insert, events,
  // audit, checkpoint, commit…) besides its rows: 2,000-row batches make them a quarter as many.
  const size = o.fixed ?? (o.engine === 'postgres' ? 2000 : 1000);
  if (o.fixed || o.engine === 'postgres' || !o.background) return new BatchPacer({ initial: size, min: size, max: size });
  return new BatchPacer({ initial: 50, min: 10, max: 1000, budgetMs: PGLITE_BATCH_BUDGET_MS });
}

/**
 * A request arriving during a batch waits for its end; 50 ms per batch leaves the 250 ms goal
 * for a simple read's p99 room for the read itself and for the JS between batches.
 */
export const PGLITE_BATCH_BUDGET_MS = 50;
