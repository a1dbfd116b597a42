import type { RawExecutor } from '../db/database.js';

export const BOSS_SCHEMA = 'pgboss';

/**
 * Thrown into a running handler (through its AbortSignal) when its job is no longer its own to
 * finish: the process is stopping, or the lease was lost to another worker. A handler that stops
 * on it leaves its records as they are; the job runs again elsewhere or later.
 */
export class JobInterrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobInterrupted';
  }
}

/** Throws the signal's JobInterrupted once the job has been interrupted; handlers call it between steps. */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new JobInterrupted(String(signal.reason));
}

/**
 * The lease of one running job. pg-boss 10 has no heartbeat: a job is "expired" (and retried)
 * when `started_on + expire_in` has passed, and its own worker even fails the job in-process once
 * the handler outlives `expire_in`. So Rapport runs its own fetch loop (job-runner.ts) and keeps a
 * short expiry alive while the handler runs: each renewal moves the deadline to now + lease by
 * growing `expire_in` (`started_on` stays the true start). A worker killed with -9 stops renewing,
 * and pg-boss's maintenance retries the job once the lease has run out.
 *
 * An attempt is identified by (id, retry_count): every fetch of a job that started before adds
 * one to retry_count, so a renewal that finds no row means another worker now owns the job.
 */
export class JobLease {
  lost = false;

  constructor(
    private readonly raw: RawExecutor,
    private readonly job: { name: string; id: string; retryCount: number },
    private readonly seconds: number,
  ) {}

  /** Returns false when the lease was lost; database errors are thrown (the next renewal tries again). */
  async renew(): Promise<boolean> {
    if (this.lost) return false;
    const { rows } = await this.raw.executeSql(
      `update ${BOSS_SCHEMA}.job set expire_in = (now() - started_on) + make_interval(secs => $3)
       where name = $1 and id = $2 and state = 'active' and retry_count = $4 returning id`,
      [this.job.name, this.job.id, this.seconds, this.job.retryCount],
    );
    if (rows.length === 0) this.lost = true;
    return !this.lost;
  }
}

/**
 * On PGlite one process owns the data directory (an exclusive lock), so a job still `active` when
 * that process starts was left by a previous owner that died mid-job. Failing it hands it to
 * pg-boss's retry (which counts it against the retry limit), due at once, so it runs again right
 * after the boot instead of waiting for its expiry. Never call this on PostgreSQL: other live processes hold
 * active jobs there.
 */
export async function recoverOrphanedJobs(raw: RawExecutor, fail: (name: string, id: string) => Promise<unknown>): Promise<number> {
  const { rows } = await raw.executeSql(`select name, id from ${BOSS_SCHEMA}.job where state = 'active'`);
  for (const r of rows as { name: string; id: string }[]) {
    await fail(r.name, r.id);
    // Nobody else can be running it, so the retry need not wait out pg-boss's backoff.
    await raw.executeSql(`update ${BOSS_SCHEMA}.job set start_after = now() where name = $1 and id = $2 and state = 'retry'`, [r.name, r.id]);
  }
  return rows.length;
}
