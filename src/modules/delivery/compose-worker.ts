import { parentPort } from 'node:worker_threads';
import { campaignComposer, type CampaignSetup, type RecipientInput } from './campaign-message.js';
import type { Composed } from './compose.js';

/**
 * A compose thread (started by compose-pool.ts): keeps the composer of each campaign run it was
 * given and answers a chunk of recipients with one message. Renders run one after another on
 * this thread, so Liquid's wall-clock render limit measures each render alone.
 */
export type ToWorker =
  | { t: 'setup'; key: string; setup: CampaignSetup }
  | { t: 'forget'; key: string }
  | { t: 'compose'; n: number; key: string; rs: RecipientInput[] };
export type Result = { ok: Composed } | { error: string };
export interface FromWorker { n: number; results: Result[] }

const composers = new Map<string, (r: RecipientInput) => Composed>();

function attempt(compose: ((r: RecipientInput) => Composed) | undefined, r: RecipientInput): Result {
  try {
    if (!compose) throw new Error('compose thread: unknown campaign run');
    return { ok: compose(r) };
  } catch (err) {
    return { error: String((err as Error).message ?? err) };
  }
}

/** A campaign whose Liquid does not parse fails each of its messages, not the thread (other campaigns share it). */
function composerOf(setup: CampaignSetup): (r: RecipientInput) => Composed {
  try {
    return campaignComposer(setup);
  } catch (err) {
    return () => {
      throw err;
    };
  }
}

parentPort!.on('message', (m: ToWorker) => {
  if (m.t === 'setup') return void composers.set(m.key, composerOf(m.setup));
  if (m.t === 'forget') return void composers.delete(m.key);
  const compose = composers.get(m.key);
  parentPort!.postMessage({ n: m.n, results: m.rs.map((r) => attempt(compose, r)) } satisfies FromWorker);
});
