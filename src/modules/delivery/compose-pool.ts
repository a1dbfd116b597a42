import { Worker } from 'node:worker_threads';
import { campaignComposer, type CampaignSetup, type RecipientInput } from './campaign-message.js';
import type { Composed } from './compose.js';
import type { FromWorker, Result, ToWorker } from './compose-worker.js';

/**
 * Composing (Liquid, MIME, RSA-2048 DKIM) is most of a campaign message's CPU; the send loop's own
 * thread keeps the database and SMTP. One pool per process, shared by its send lanes: threads
 * start on first use and are let go (unref) while idle so they never hold the process open.
 * A batch goes out in chunks (one thread message per CHUNK recipients, not per recipient), and
 * all of it at once, so the threads compose ahead while the send loop talks SMTP.
 */
export interface CampaignComposer {
  /** Starts composing `inputs`; `get(i)` is the i-th message (or its render error). */
  composeMany(inputs: RecipientInput[]): (i: number) => Promise<Composed>;
  close(): void;
}

const CHUNK = 16;
const ENTRY = new URL('./compose-thread.mjs', import.meta.url);

interface Thread {
  worker: Worker;
  pending: Map<number, { size: number; done: (results: Result[] | Error) => void }>;
  /** Recipients asked of this thread and not yet answered. */
  load: number;
  keys: Set<string>;
}

class ComposePool {
  private readonly threads: Thread[] = [];
  private seq = 0;

  constructor(private readonly size: number) {}

  private start(): Thread {
    const worker = new Worker(ENTRY);
    const thread: Thread = { worker, pending: new Map(), load: 0, keys: new Set() };
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      const p = thread.pending.get(m.n);
      if (!p) return;
      thread.pending.delete(m.n);
      thread.load -= p.size;
      if (thread.pending.size === 0) worker.unref();
      p.done(m.results);
    });
    const die = (err: Error) => {
      const i = this.threads.indexOf(thread);
      if (i >= 0) this.threads.splice(i, 1);
      for (const p of thread.pending.values()) p.done(err);
      thread.pending.clear();
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`compose thread exited (${code})`)));
    this.threads.push(thread);
    return thread;
  }

  /** The least loaded thread (starting one while under the size), told about `key` if it is new to it. */
  private pick(key: string, setup: CampaignSetup): Thread {
    let best = this.threads.length < this.size ? this.start() : this.threads[0]!;
    for (const t of this.threads) if (t.load < best.load) best = t;
    if (!best.keys.has(key)) {
      best.keys.add(key);
      best.worker.postMessage({ t: 'setup', key, setup } satisfies ToWorker);
    }
    return best;
  }

  private chunk(key: string, setup: CampaignSetup, rs: RecipientInput[]): Promise<Result[]> {
    return new Promise((resolve, reject) => {
      const thread = this.pick(key, setup);
      const n = ++this.seq;
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(n, { size: rs.length, done: (r) => (r instanceof Error ? reject(r) : resolve(r)) });
      thread.load += rs.length;
      thread.worker.postMessage({ t: 'compose', n, key, rs } satisfies ToWorker);
    });
  }

  open(setup: CampaignSetup): CampaignComposer {
    const key = `${setup.workspaceId}.${setup.campaignId}.${++this.seq}`;
    return {
      composeMany: (inputs) => {
        const chunks: Promise<Result[]>[] = [];
        for (let i = 0; i < inputs.length; i += CHUNK) chunks.push(this.chunk(key, setup, inputs.slice(i, i + CHUNK)));
        // Nobody may await a chunk whose lane stopped early; its failure must not go unhandled.
        for (const c of chunks) c.catch(() => undefined);
        return async (i) => {
          const result = (await chunks[Math.floor(i / CHUNK)]!)[i % CHUNK]!;
          if ('error' in result) throw new Error(result.error);
          return result.ok;
        };
      },
      close: () => {
        for (const t of this.threads) {
          if (t.keys.delete(key)) t.worker.postMessage({ t: 'forget', key } satisfies ToWorker);
        }
      },
    };
  }
}

let shared: ComposePool | null = null;

/** A composer for one run of a campaign: on `threads` worker threads, or in this thread when 0. */
export function openCampaignComposer(setup: CampaignSetup, threads: number): CampaignComposer {
  if (threads === 0) {
    const compose = campaignComposer(setup);
    // In this thread each message is composed when its turn to be sent comes.
    return { composeMany: (inputs) => async (i) => compose(inputs[i]!), close: () => undefined };
  }
  shared ??= new ComposePool(threads);
  return shared.open(setup);
}
