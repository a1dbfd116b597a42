import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/context.js';
import type { AppContext } from '../context.js';
import { BOSS_SCHEMA, JobInterrupted, JobLease, recoverOrphanedJobs } from './job-lease.js';
import { LEASE_SECONDS, queueOptions, startQueue } from './queue.js';

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  const { closeContext } = await import('../boot.js');
  await closeContext(ctx);
});

const sql = async <T = any>(text: string, values: unknown[] = []) => (await ctx.database.raw.executeSql(text, values)).rows as T[];

/** A job no worker will fetch (due in an hour), then marked active as a worker's fetch would. */
async function activeJob(queue: string): Promise<{ name: string; id: string; retryCount: number }> {
  const id = (await ctx.queue.send(queue, { probe: Math.random() }, { startAfter: new Date(Date.now() + 3_600_000) }))!;
  const [row] = await sql<{ retry_count: number }>(`update ${BOSS_SCHEMA}.job set state = 'active', started_on = now() where name = $1 and id = $2 returning retry_count`, [queue, id]);
  return { name: queue, id, retryCount: row.retry_count };
}
const secondsLeft = async (id: string) =>
  Number((await sql<{ s: number }>(`select extract(epoch from started_on + expire_in - now()) as s from ${BOSS_SCHEMA}.job where id = $1`, [id]))[0].s);

describe(`job queue (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('creates queues with a lease-sized expiry and updates queues left with older options at start', async () => {
    await sql(`update ${BOSS_SCHEMA}.queue set expire_seconds = 3599, retry_limit = 2 where name = 'selftest'`);
    const again = await startQueue(ctx.database, ctx.log);
    await again.stop();
    const [q] = await sql(`select expire_seconds, retry_limit, retry_delay, retry_backoff from ${BOSS_SCHEMA}.queue where name = 'selftest'`);
    const wanted = queueOptions(ctx.database.kind);
    expect(q).toEqual({ expire_seconds: wanted.expireInSeconds, retry_limit: wanted.retryLimit, retry_delay: wanted.retryDelay, retry_backoff: true });
  });

  it('a lease renewal moves the job\'s deadline to now + lease, and fails once another worker holds the job', async () => {
    const job = await activeJob('selftest');
    await sql(`update ${BOSS_SCHEMA}.job set expire_in = interval '1 hour' where id = $1`, [job.id]); // queued under old options
    const lease = new JobLease(ctx.database.raw, job, 20);
    expect(await lease.renew()).toBe(true);
    expect(await secondsLeft(job.id)).toBeGreaterThan(15);
    expect(await secondsLeft(job.id)).toBeLessThanOrEqual(20);
    // Its lease ran out meanwhile and another worker fetched it (pg-boss counts that as a retry).
    await sql(`update ${BOSS_SCHEMA}.job set retry_count = retry_count + 1 where id = $1`, [job.id]);
    expect(await lease.renew()).toBe(false);
    expect(lease.lost).toBe(true);
    await sql(`delete from ${BOSS_SCHEMA}.job where id = $1`, [job.id]);
  });

  it.skipIf(process.env.DATABASE_URL)('on PGlite, hands a job left active by a previous process back to the retry queue', async () => {
    const job = await activeJob('task-reminder');
    const failed: string[] = [];
    const recovered = await recoverOrphanedJobs(ctx.database.raw, async (name, id) => {
      failed.push(`${name}/${id}`);
      await sql(`update ${BOSS_SCHEMA}.job set state = 'retry' where name = $1 and id = $2`, [name, id]);
    });
    expect(recovered).toBe(1);
    expect(failed).toEqual([`task-reminder/${job.id}`]);
    const [row] = await sql<{ due: boolean }>(`select start_after <= now() as due from ${BOSS_SCHEMA}.job where id = $1`, [job.id]);
    expect(row.due).toBe(true);
    expect(await recoverOrphanedJobs(ctx.database.raw, async () => undefined)).toBe(0);
  });

  it('runs a job under a lease, and on stop interrupts the handler and leaves the job to be retried', async () => {
    // 'maintenance' has no worker on PostgreSQL, so no other test process takes this job.
    const queue = await startQueue(ctx.database, ctx.log);
    const marker = Math.random();
    let seen: { id: string; signal: AbortSignal } | undefined;
    let release!: () => void;
    const stopped = new Promise<void>((resolve) => (release = resolve));
    await queue.work<{ marker?: number }>('maintenance', async (data, job) => {
      if (data.marker !== marker) return;
      seen = job;
      job.signal.addEventListener('abort', () => release());
      await stopped;
      throw job.signal.reason;
    });
    await queue.send('maintenance', { marker });
    for (let i = 0; i < 100 && !seen; i++) await new Promise((r) => setTimeout(r, 100));
    expect(seen).toBeDefined();
    const left = await secondsLeft(seen!.id);
    expect(left).toBeGreaterThan(LEASE_SECONDS[ctx.database.kind] - 10);
    await queue.stop();
    expect(seen!.signal.reason).toBeInstanceOf(JobInterrupted);
    const [row] = await sql<{ state: string }>(`select state from ${BOSS_SCHEMA}.job where id = $1`, [seen!.id]);
    expect(row.state).toBe('retry');
  });
});
