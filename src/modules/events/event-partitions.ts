import type { Kysely } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { DB } from '../../db/schema.js';
import { createMonthPartition, HALVES, listMonthPartitions, monthOf } from './event-partitions.repo.js';

/** Month partitions known to exist, per database (a process may hold several in tests). */
const known = new WeakMap<object, Set<string>>();

/**
 * Makes sure each month of these timestamps has its partitions before a batch is written: a
 * backfilled month gets its own instead of filling the default. DDL runs in transactions of its
 * own, before the batch's, and once per month per process (the list is cached).
 */
export async function ensurePartitions(db: Kysely<DB>, dates: Date[]): Promise<void> {
  const months = [...new Set(dates.map(monthOf))];
  let set = known.get(db);
  if (!set || months.some((m) => !set!.has(`pv:${m}`))) {
    set = new Set(await listMonthPartitions(db));
    known.set(db, set);
  }
  for (const month of months) {
    for (const half of HALVES) {
      if (set.has(`${half}:${month}`)) continue;
      await db.transaction().execute((trx) => createMonthPartition(trx, half, month));
      set.add(`${half}:${month}`);
    }
  }
}

/** Forgets the cache (after the retention job dropped partitions). */
export function forgetPartitions(db: Executor): void {
  known.delete(db);
}
