import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, RawExecutor } from '../db/database.js';

/** The job interface the rest of the code depends on; pg-boss (in PostgreSQL) is behind it. */
export interface JobQueue {
  /** `db`: enqueue through the caller's transaction (pg-boss's executor option), so the job commits or rolls back with the change. */
  send(queue: string, data: object, options?: { singletonKey?: string; startAfter?: Date; db?: RawExecutor }): Promise<string | null>;
  work<T extends object>(queue: string, handler: (data: T, jobId: string) => Promise<void>): Promise<void>;
  /** Runs `queue` on a cron schedule (UTC); one job per tick however many processes schedule it. */
  schedule(queue: string, cron: string): Promise<void>;
  stop(): Promise<void>;
}

// 'selftest' carries no work: tests and health checks use it to prove the queue runs.
export const QUEUES = ['contacts-import', 'selftest', 'task-reminder', 'maintenance', 'audience-confirmation'] as const;

/**
 * pg-boss runs on both engines: on PostgreSQL with its own pool, on PGlite through the `db`
 * adapter, which shares PGlite's lock with Kysely so a job's SQL never lands inside a request's
 * transaction.
 */
export async function startQueue(database: Database, log: Logger): Promise<JobQueue> {
  const boss = database.connectionString
    ? new PgBoss({ connectionString: database.connectionString, max: 4, schema: 'pgboss' })
    : new PgBoss({ db: database.raw, schema: 'pgboss' });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();
  for (const name of QUEUES) {
    if (await boss.getQueue(name)) continue;
    // Several processes may start at once; whoever loses the race finds the queue made.
    await boss.createQueue(name, { name, retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 3600 }).catch(async (err) => {
      if (!(await boss.getQueue(name))) throw err;
    });
  }
  return {
    send: (queue, data, options) => boss.send(queue, data, options ?? {}),
    async work<T extends object>(queue: string, handler: (data: T, jobId: string) => Promise<void>) {
      await boss.work<T>(queue, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job.data, job.id);
      });
    },
    schedule: async (queue, cron) => void (await boss.schedule(queue, cron, {}, { tz: 'UTC' })),
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
