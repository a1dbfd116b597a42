import { createReadStream, rmSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { closeContext, createContext } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import type { AppContext } from '../src/context.js';
import { buildApp } from '../src/http/app.js';
import { startImportBody } from '../src/modules/imports/imports.schema.js';
import { getImport, startImport } from '../src/modules/imports/imports.service.js';
import { uploadImport } from '../src/modules/imports/upload-import.js';
import { newWorkspace } from '../test/factories.js';
import { fmt, table } from './stats.js';

/**
 * Issue 7 §5: does a background import starve interactive requests? A reader asks for
 * `GET /api/v1/contacts?limit=1` one request after another over HTTP (every statement of a real
 * request runs: auth, API key, query; and, unlike fastify.inject, each request arrives as I/O,
 * as it does in production) while an import of the bench CSV runs
 * through the job queue as it does in production; then the same reader runs alone on the same
 * data (the baseline), and beside another user counting a segment over all of it. Percentiles are
 * printed beside each other with the ratio.
 */
interface Latencies {
  samples: number[];
}
const percentile = (l: Latencies, q: number) => {
  const sorted = [...l.samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

/**
 * The reader runs in a worker thread, like a browser would in another process: on PGlite the
 * server's event loop also runs the import's SQL (PGlite is WebAssembly on the main thread), and a
 * reader on that loop would count the wait for its response to be read as well.
 */
const READER = `
const { parentPort, workerData } = require('node:worker_threads');
let stopping = false;
const samples = [];
parentPort.on('message', () => (stopping = true));
(async () => {
  while (!stopping) {
    const started = performance.now();
    const res = await fetch(workerData.url, { headers: { authorization: 'Bearer ' + workerData.token } });
    const body = await res.text();
    if (res.status !== 200) throw new Error('reader got ' + res.status + ': ' + body);
    samples.push(performance.now() - started);
  }
  parentPort.postMessage(samples);
})().catch((err) => parentPort.postMessage({ error: String(err) }));
`;

/** A reader's latencies, and how long the server's event loop was blocked meanwhile (PGlite runs SQL on it). */
type Phase = Latencies & { loop: IntervalHistogram };

function startReader(base: string, token: string): { stop: () => Promise<Phase> } {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const worker = new Worker(READER, { eval: true, workerData: { url: `${base}/api/v1/contacts?limit=1`, token } });
  const result = new Promise<Latencies>((resolve, reject) => {
    worker.once('message', (m) => (Array.isArray(m) ? resolve({ samples: m }) : reject(new Error(m.error))));
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const { samples } = await result;
      await worker.terminate();
      loop.disable();
      return { samples, loop };
    },
  };
}

async function readFor(base: string, token: string, ms: number): Promise<Phase> {
  const reader = startReader(base, token);
  await new Promise((r) => setTimeout(r, ms));
  return reader.stop();
}

async function measure(engine: string, csvPath: string, databaseUrl?: string) {
  const dataDir = '.bench-data/fairness-pglite';
  rmSync(dataDir, { recursive: true, force: true });
  const config = loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'bench-secret-key-of-at-least-thirty-two-chars' });
  const ctx: AppContext = await createContext(config, { workers: true });
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const ws = await newWorkspace(ctx, 'Fairness bench');
    const token = await ws.apiKey('admin');
    const actor = ws.owner.actor;
    await readFor(base, token, 1_000); // warm-up

    const id = await uploadImport({ ctx, actor, filename: 'fairness.csv', file: createReadStream(csvPath) });
    const { suggestedMapping } = await getImport({ ctx, actor, id });
    const started = process.hrtime.bigint();
    await startImport({ ctx, actor, id, input: startImportBody.parse({ mapping: suggestedMapping, mode: 'upsert' }) });
    const reader = startReader(base, token);
    for (let done = false; !done; ) {
      await new Promise((r) => setTimeout(r, 500));
      const imp = await getImport({ ctx, actor, id });
      if (imp.status === 'failed') throw new Error(`the import failed: ${imp.errorMessage}`);
      done = imp.status === 'completed';
    }
    const during = await reader.stop();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const imported = (await getImport({ ctx, actor, id })).processed;

    const alone = await readFor(base, token, 5_000);

    // The same reader while another user counts a segment over everything just imported, again and again.
    const counts: Latencies = { samples: [] };
    const beside = startReader(base, token);
    for (const stop = Date.now() + 10_000; Date.now() < stop; ) {
      const t = process.hrtime.bigint();
      const res = await fetch(`${base}/api/v1/segments/preview`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ tree: SEGMENT, limit: 1 }) });
      if (res.status !== 200) throw new Error(`segment count got ${res.status}: ${await res.text()}`);
      await res.text();
      counts.samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const counting = await beside.stop();

    const row = (name: string, l: Phase) => ({
      reader: name, requests: l.samples.length, p50: fmt(percentile(l, 0.5)), p99: fmt(percentile(l, 0.99)), max: fmt(percentile(l, 1)),
      'server loop delay p99': fmt(l.loop.percentile(99) / 1e6),
    });
    console.log(`\n## ${engine}: GET /contacts?limit=1 while an import of ${imported.toLocaleString('en')} rows runs as a background job, and while another user counts a segment`);
    console.log(table([
      { ...row('during the import', during), 'import rows/s': Math.round(imported / seconds) },
      { ...row('alone (baseline)', alone), 'import rows/s': '—' },
      ratio('ratio during the import / alone', during, alone),
      { ...row('during segment counts', counting), 'import rows/s': '' },
      ratio('ratio during counts / alone', counting, alone),
      { ...row('(the segment count itself)', { ...counts, loop: counting.loop }), 'import rows/s': '' },
    ]));
  } finally {
    await app.close();
    await closeContext(ctx);
  }
}

/** A count that reads every contact (no index answers an anniversary), the worst a simple segment does. */
const SEGMENT = { type: 'or', children: [{ type: 'field', field: 'birthday', op: 'anniversaryInNext', days: 7 }, { type: 'tags', op: 'hasAny', tags: ['vip'] }] };

const ratio = (reader: string, l: Latencies, base: Latencies) => ({
  reader, requests: '', p50: `${(percentile(l, 0.5) / percentile(base, 0.5)).toFixed(1)}×`, p99: `${(percentile(l, 0.99) / percentile(base, 0.99)).toFixed(1)}×`, max: '',
  'server loop delay p99': '', 'import rows/s': '',
});

/** Registered in bench/run.ts; runs on the engines the bench runs on. */
export async function benchFairness(o: { engines: string[]; csv: string; withPostgres: (fn: (url: string) => Promise<void>) => Promise<unknown> }) {
  if (o.engines.includes('pglite')) await measure('PGlite', o.csv);
  if (o.engines.includes('postgres')) await o.withPostgres((url) => measure('PostgreSQL', o.csv, url));
}
