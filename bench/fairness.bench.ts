import { createReadStream, rmSync } from 'node:fs';
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

async function read(base: string, token: string, out: Latencies) {
  const started = process.hrtime.bigint();
  const res = await fetch(`${base}/api/v1/contacts?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  out.samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (res.status !== 200) throw new Error(`reader got ${res.status}: ${body}`);
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
    for (let i = 0; i < 20; i++) await read(base, token, { samples: [] }); // warm-up

    const id = await uploadImport({ ctx, actor, filename: 'fairness.csv', file: createReadStream(csvPath) });
    const { suggestedMapping } = await getImport({ ctx, actor, id });
    const started = process.hrtime.bigint();
    await startImport({ ctx, actor, id, input: startImportBody.parse({ mapping: suggestedMapping, mode: 'upsert' }) });
    const during: Latencies = { samples: [] };
    let done = false;
    const watcher = (async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 500));
        const imp = await getImport({ ctx, actor, id });
        if (imp.status === 'failed') throw new Error(`the import failed: ${imp.errorMessage}`);
        done = imp.status === 'completed';
      }
    })();
    while (!done) await read(base, token, during);
    await watcher;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const imported = (await getImport({ ctx, actor, id })).processed;

    const alone: Latencies = { samples: [] };
    const until = Date.now() + 5_000;
    while (Date.now() < until || alone.samples.length < 200) await read(base, token, alone);

    // The same reader while another user counts a segment over everything just imported, again and again.
    const counting: Latencies = { samples: [] };
    const counts: Latencies = { samples: [] };
    let counted = false;
    const counter = (async () => {
      const stop = Date.now() + 10_000;
      while (Date.now() < stop) {
        const t = process.hrtime.bigint();
        const res = await fetch(`${base}/api/v1/segments/preview`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ tree: SEGMENT, limit: 1 }) });
        if (res.status !== 200) throw new Error(`segment count got ${res.status}: ${await res.text()}`);
        await res.text();
        counts.samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      counted = true;
    })();
    while (!counted) await read(base, token, counting);
    await counter;

    const row = (name: string, l: Latencies) => ({ reader: name, requests: l.samples.length, p50: fmt(percentile(l, 0.5)), p99: fmt(percentile(l, 0.99)), max: fmt(percentile(l, 1)) });
    console.log(`\n## ${engine}: GET /contacts?limit=1 while an import of ${imported.toLocaleString('en')} rows runs as a background job, and while another user counts a segment`);
    console.log(table([
      { ...row('during the import', during), 'import rows/s': Math.round(imported / seconds) },
      { ...row('alone (baseline)', alone), 'import rows/s': '—' },
      ratio('ratio during the import / alone', during, alone),
      { ...row('during segment counts', counting), 'import rows/s': '' },
      ratio('ratio during counts / alone', counting, alone),
      { ...row('(the segment count itself)', counts), 'import rows/s': '' },
    ]));
  } finally {
    await app.close();
    await closeContext(ctx);
  }
}

/** A count that reads every contact (no index answers an anniversary), the worst a simple segment does. */
const SEGMENT = { type: 'or', children: [{ type: 'field', field: 'birthday', op: 'anniversaryInNext', days: 7 }, { type: 'tags', op: 'hasAny', tags: ['vip'] }] };

const ratio = (reader: string, l: Latencies, base: Latencies) => ({
  reader, requests: '', p50: `${(percentile(l, 0.5) / percentile(base, 0.5)).toFixed(1)}×`, p99: `${(percentile(l, 0.99) / percentile(base, 0.99)).toFixed(1)}×`, max: '', 'import rows/s': '',
});

/** Registered in bench/run.ts; runs on the engines the bench runs on. */
export async function benchFairness(o: { engines: string[]; csv: string; withPostgres: (fn: (url: string) => Promise<void>) => Promise<unknown> }) {
  if (o.engines.includes('pglite')) await measure('PGlite', o.csv);
  if (o.engines.includes('postgres')) await o.withPostgres((url) => measure('PostgreSQL', o.csv, url));
}
