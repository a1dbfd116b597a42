import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

export interface RateCheck {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfter: number;
}

/**
 * Counts one hit in a fixed window shared by every process (a row per bucket, key and window),
 * and says whether the limit still allows it. Old windows are swept now and then by the caller
 * that happens to roll a new window, so the table stays small without a job.
 */
export async function hitRateCounter(db: Executor, o: { bucket: string; key: string; windowSeconds: number; limit: number; now?: Date }): Promise<RateCheck> {
  const now = (o.now ?? new Date()).getTime();
  const startMs = Math.floor(now / (o.windowSeconds * 1000)) * o.windowSeconds * 1000;
  const start = new Date(startMs);
  const { rows } = await sql<{ count: number }>`insert into rate_counters (bucket, key, window_start, count)
    values (${o.bucket}, ${o.key}, ${start}, 1)
    on conflict (bucket, key, window_start) do update set count = rate_counters.count + 1
    returning count`.execute(db);
  const count = Number(rows[0].count);
  if (count === 1 && Math.random() < 0.02) await db.deleteFrom('rate_counters').where('window_start', '<', new Date(now - 2 * 86_400_000)).execute();
  return { allowed: count <= o.limit, retryAfter: Math.max(1, Math.ceil((startMs + o.windowSeconds * 1000 - now) / 1000)) };
}

/** Reads a counter without counting (the confirmation cap is checked before it is spent). */
export async function peekRateCounter(db: Executor, o: { bucket: string; key: string; windowSeconds: number; now?: Date }): Promise<number> {
  const now = (o.now ?? new Date()).getTime();
  const start = new Date(Math.floor(now / (o.windowSeconds * 1000)) * o.windowSeconds * 1000);
  const row = await db.selectFrom('rate_counters').select('count').where('bucket', '=', o.bucket).where('key', '=', o.key).where('window_start', '=', start).executeTakeFirst();
  return row ? Number(row.count) : 0;
}
