import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { RawExecutor } from '../db/database.js';
import { runInBackground } from '../db/mutex.js';
import { JobInterrupted, JobLease } from './job-lease.js';

/** What a handler gets besides its data: its id and a signal raised when it must stop (JobInterrupted). */
export interface RunningJob {
  id: string;
  signal: AbortSignal;
}
export type JobHandler<T> = (data: T, job: RunningJob) => Promise<void>;

export interface RunnerOptions {
  boss: PgBoss;
  raw: RawExecutor;
  log: Logger;
  /** How long a job stays ours without a renewal; renewed every third of it while the handler runs. */
  leaseSeconds: number;
  pollMs: number;
}

const sleep = (ms: number, wake: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (wake.aborted) return resolve(); // woken while fetching: fetch again at once
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wake.removeEventListener('abort', done);
      resolve();
    }
    wake.addEventListener('abort', done, { once: true });
  });

/**
 * One fetch loop per queue, one job at a time, in place of pg-boss's `work()` (whose in-process
 * timeout would fail a long import after `expire_in` while it still runs). Everything it does —
 * polling, the handler, the lease renewals — runs as background work, which on PGlite queues
 * behind interactive requests for the connection.
 */
export class QueueRunner<T extends object> {
  private stopping = false;
  private wakeUp = new AbortController();
  private current: { controller: AbortController; done: Promise<void> } | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly name: string,
    private readonly handler: JobHandler<T>,
    private readonly options: RunnerOptions,
  ) {}

  start(): void {
    this.loop = runInBackground(() => this.run());
  }

  /** A job was just sent in this process: fetch now rather than at the next poll. */
  wake(): void {
    this.wakeUp.abort();
  }

  /** Interrupts the running handler and waits for it (up to `timeoutMs`); its job is retried later. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.wake();
    this.current?.controller.abort(new JobInterrupted('the process is stopping'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let jobs: PgBoss.JobWithMetadata<T>[] = [];
      try {
        jobs = await this.options.boss.fetch<T>(this.name, { batchSize: 1, includeMetadata: true });
      } catch (err) {
        this.options.log.error({ err, queue: this.name }, 'job fetch failed');
      }
      if (jobs.length === 0) {
        if (this.stopping) break;
        await sleep(this.options.pollMs, this.wakeUp.signal);
        if (this.wakeUp.signal.aborted) this.wakeUp = new AbortController();
        continue;
      }
      const controller = new AbortController();
      const done = this.runJob(jobs[0], controller);
      this.current = { controller, done };
      await done;
      this.current = null;
    }
  }

  private async runJob(job: PgBoss.JobWithMetadata<T>, controller: AbortController): Promise<void> {
    const { boss, raw, log, leaseSeconds } = this.options;
    const lease = new JobLease(raw, { name: this.name, id: job.id, retryCount: job.retryCount }, leaseSeconds);
    const renew = () =>
      lease.renew().then(
        (held) => held || controller.abort(new JobInterrupted('another worker took over the job after its lease ran out')),
        (err) => log.warn({ err, queue: this.name, jobId: job.id }, 'job lease renewal failed'),
      );
    // The first renewal also moves a job queued with older, longer expiry options onto the lease.
    await renew();
    if (lease.lost) return;
    const timer = setInterval(renew, (leaseSeconds * 1000) / 3);
    let failure: unknown = null;
    try {
      await this.handler(job.data, { id: job.id, signal: controller.signal });
    } catch (err) {
      failure = err ?? new Error('job failed');
    } finally {
      clearInterval(timer);
    }
    if (lease.lost) {
      log.warn({ queue: this.name, jobId: job.id }, 'job lease lost; another worker runs it now');
      return;
    }
    try {
      if (failure === null) await boss.complete(this.name, job.id);
      else {
        const interrupted = failure instanceof JobInterrupted;
        if (!interrupted) log.error({ err: failure, queue: this.name, jobId: job.id }, 'job failed; it will be retried');
        await boss.fail(this.name, job.id, { message: failure instanceof Error ? failure.message : String(failure) });
      }
    } catch (err) {
      // The job stays active; its lease runs out and pg-boss retries it.
      log.error({ err, queue: this.name, jobId: job.id }, 'could not record the job outcome');
    }
  }
}
