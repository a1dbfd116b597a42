import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, DatabaseKind, RawExecutor } from '../db/database.js';
import { runInBackground } from '../db/mutex.js';
import { BOSS_SCHEMA, recoverOrphanedJobs } from './job-lease.js';
import { QueueRunner, type JobHandler } from './job-runner.js';

export type { RunningJob } from './job-runner.js';

/** The job interface the rest of the code depends on; pg-boss (in PostgreSQL) is behind it. */
export interface JobQueue {
  /** `db`: enqueue through the caller's transaction (pg-boss's executor option), so the job commits or rolls back with the change. */
  send(queue: string, data: object, options?: { singletonKey?: string; startAfter?: Date; db?: RawExecutor }): Promise<string | null>;
  /** Runs `handler` for each job of `queue`, one at a time; a throw retries the job (with backoff, up to the retry limit). */
  work<T extends object>(queue: string, handler: JobHandler<T>): Promise<void>;
  /** Runs `queue` on a cron schedule (UTC); one job per tick however many processes schedule it. */
  schedule(queue: string, cron: string): Promise<void>;
  stop(): Promise<void>;
}

// 'selftest' carries no work: tests and health checks use it to prove the queue runs.
export const QUEUES = ['contacts-import', 'selftest', 'task-reminder', 'maintenance', 'audience-confirmation', 'ticket-reply', 'contacts-bulk', 'campaign-send', 'transactional-send', 'campaigns-due', 'sla-watch', 'csat-survey', 'tickets-bulk', 'events-maintenance', 'idempotency-purge'] as const;

/**
 * How long a running job stays its worker's without a lease renewal (job-lease.ts). On PostgreSQL
 * several processes share the queue and a dead worker is noticed only by its lease running out:
 * 20 s, renewed every 7 s, with pg-boss's expiry check every 10 s and a first retry after 5–10 s,
 * retries a job whose worker died within 40 s. (A stall longer than the lease — a frozen event
 * loop — lets a second worker start the job; the import's checkpoint guard refuses the loser.) On PGlite the data directory has one owner,
 * whose orphaned jobs are recovered at boot, so a long lease spares the single connection the
 * renewals.
 */
export const LEASE_SECONDS: Record<DatabaseKind, number> = { postgres: 20, pglite: 3600 };
const MAINTENANCE_SECONDS: Record<DatabaseKind, number> = { postgres: 10, pglite: 120 };

export function queueOptions(kind: DatabaseKind) {
  return { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: LEASE_SECONDS[kind] };
}

/** Creates the queues, and brings queues made by an older version (e.g. an hour's expiry) to today's options. */
export async function ensureQueues(boss: PgBoss, kind: DatabaseKind): Promise<void> {
  const wanted = queueOptions(kind);
  for (const name of QUEUES) {
    const existing = await boss.getQueue(name);
    if (!existing) {
      // Several processes may start at once; whoever loses the race finds the queue made.
      await boss.createQueue(name, { name, ...wanted }).catch(async (err) => {
        if (!(await boss.getQueue(name))) throw err;
      });
    } else if ((Object.keys(wanted) as (keyof typeof wanted)[]).some((k) => existing[k] !== wanted[k])) {
      await boss.updateQueue(name, { name, ...wanted });
    }
  }
}

/**
 * pg-boss runs on both engines: on PostgreSQL with its own pool, on PGlite through the `db`
 * adapter, which shares PGlite's lock with Kysely so a job's SQL never lands inside a request's
 * transaction. pg-boss starts inside runInBackground, so its timers (maintenance, cron) queue
 * behind requests for PGlite's connection.
 */
export async function startQueue(database: Database, log: Logger): Promise<JobQueue> {
  const kind = database.kind;
  const boss = database.connectionString
    ? new PgBoss({ connectionString: database.connectionString, max: 4, schema: BOSS_SCHEMA, maintenanceIntervalSeconds: MAINTENANCE_SECONDS[kind] })
    : new PgBoss({ db: database.raw, schema: BOSS_SCHEMA, maintenanceIntervalSeconds: MAINTENANCE_SECONDS[kind] });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await runInBackground(() => boss.start());
  await ensureQueues(boss, kind);
  if (kind === 'pglite') {
    const recovered = await recoverOrphanedJobs(database.raw, (name, id) => boss.fail(name, id, { message: 'the process running it stopped' }));
    if (recovered) log.info({ recovered }, 'jobs left running by the previous process will be retried');
  }
  const runners = new Map<string, QueueRunner<any>>();
  return {
    async send(queue, data, options) {
      const id = await boss.send(queue, data, options ?? {});
      // Only a job outside a transaction is visible now; one sent in a transaction waits for the poll.
      if (!options?.db) runners.get(queue)?.wake();
      return id;
    },
    async work<T extends object>(queue: string, handler: JobHandler<T>) {
      const runner = new QueueRunner<T>(queue, handler, { boss, raw: database.raw, log, leaseSeconds: LEASE_SECONDS[kind], pollMs: 500 });
      runners.set(queue, runner);
      runner.start();
    },
    schedule: async (queue, cron) => void (await boss.schedule(queue, cron, {}, { tz: 'UTC' })),
    async stop() {
      await Promise.all([...runners.values()].map((r) => r.stop(10_000)));
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
