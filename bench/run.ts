import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { closeContext, createContext } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { insertWorkspace } from '../src/modules/auth/auth.repo.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { writeContactsCsv } from './generate.js';
import { benchFairness } from './fairness.bench.js';
import { benchImport } from './import.bench.js';
import { benchSales } from './sales.bench.js';
import { benchSearch } from './search.bench.js';
import { benchSegments, seedSegmentData } from './segments.bench.js';
import { table } from './stats.js';

/**
 * npm run bench — prints the figures recorded in docs/benchmarks.md.
 * BENCH_ROWS (default 100000), BENCH_ENGINES (default "pglite,postgres"),
 * BENCH_DATABASE_URL (default: a fresh rapport_bench database on 127.0.0.1:5432, dropped after),
 * BENCH_SEGMENT_CONTACTS / BENCH_SEGMENT_EVENTS (default 100000 / 1000000; the figures for
 * 1,000,000 / 10,000,000 on PostgreSQL take about ten minutes to seed).
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const WORK = '.bench-data';
const SEGMENT_CONTACTS = Number(process.env.BENCH_SEGMENT_CONTACTS ?? 100_000);
const SEGMENT_EVENTS = Number(process.env.BENCH_SEGMENT_EVENTS ?? SEGMENT_CONTACTS * 10);

async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T | undefined> {
  if (process.env.BENCH_DATABASE_URL) return fn(process.env.BENCH_DATABASE_URL);
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  try {
    await admin.connect();
  } catch {
    console.log('PostgreSQL is not reachable on 127.0.0.1:5432; skipping it (set BENCH_DATABASE_URL).');
    return undefined;
  }
  await admin.query('drop database if exists rapport_bench');
  await admin.query('create database rapport_bench');
  try {
    return await fn('postgres://postgres@127.0.0.1:5432/rapport_bench');
  } finally {
    await admin.query('drop database if exists rapport_bench with (force)').catch(() => undefined);
    await admin.end();
  }
}

async function runEngine(engine: string, csv: string, databaseUrl?: string) {
  const dataDir = `${WORK}/pglite`;
  rmSync(dataDir, { recursive: true, force: true });
  // No statement_timeout: generating the data sets runs statements longer than a request may.
  const ctx = await createContext(loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'bench-secret-key-of-at-least-thirty-two-chars', STATEMENT_TIMEOUT_MS: '0' }), { queue: false });
  try {
    const ws = await insertWorkspace(ctx.db, 'Bench');
    const actor: Actor = { workspaceId: ws.id, role: 'owner', userId: null, apiKeyId: null, label: 'bench' };
    console.log(`\n## ${engine}: CSV import of ${ROWS.toLocaleString('en')} contacts`);
    const imp = await benchImport(ctx, actor, csv);
    console.log(table([{ rows: imp.rows, created: imp.created, failed: imp.failed, 'file MB': imp.megabytes.toFixed(1), seconds: imp.seconds.toFixed(1), 'rows/s': Math.round(imp.rowsPerSecond) }]));
    console.log(`\n## ${engine}: list and search at ${ROWS.toLocaleString('en')} contacts (50 per page, 30 runs each)`);
    console.log(table(await benchSearch(ctx, actor, 30)));
    console.log(`\n## ${engine}: sales at ${ROWS.toLocaleString('en')} deals (30 runs each)`);
    console.log(table(await benchSales(ctx, actor, { deals: ROWS })));
    const segWs = await insertWorkspace(ctx.db, 'Segments bench');
    const segActor: Actor = { ...actor, workspaceId: segWs.id };
    await seedSegmentData(ctx, segActor, { contacts: SEGMENT_CONTACTS, events: SEGMENT_EVENTS });
    console.log(`\n## ${engine}: segments over ${SEGMENT_CONTACTS.toLocaleString('en')} contacts and ${SEGMENT_EVENTS.toLocaleString('en')} events (5 runs each)`);
    console.log(table(await benchSegments(ctx, segActor, { runs: 5 })));
  } finally {
    await closeContext(ctx);
  }
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  const csv = `${WORK}/contacts-${ROWS}.csv`;
  if (!existsSync(csv)) await writeContactsCsv(csv, ROWS);
  console.log(`# Rapport benchmarks — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  if (ENGINES.includes('pglite')) await runEngine('PGlite', csv);
  if (ENGINES.includes('postgres')) await withPostgres((url) => runEngine('PostgreSQL', csv, url));
  await benchFairness({ engines: ENGINES, csv, withPostgres });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
