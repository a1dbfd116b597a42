import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { closeContext, createContext } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import type { AppContext } from '../src/context.js';
import { insertWorkspace } from '../src/modules/auth/auth.repo.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { benchApi } from './api.bench.js';
import { benchBulk } from './bulk.bench.js';
import { benchChat, CONNECTIONS as CHAT_CONNECTIONS } from './chat.bench.js';
import { benchDelivery } from './delivery.bench.js';
import { benchExport } from './export.bench.js';
import { writeContactsCsv } from './generate.js';
import { benchFairness } from './fairness.bench.js';
import { benchImport } from './import.bench.js';
import { benchSales } from './sales.bench.js';
import { benchSearch } from './search.bench.js';
import { benchSegments, seedSegmentData } from './segments.bench.js';
import { table } from './stats.js';
import { benchRender } from './render.bench.js';
import { benchTickets } from './tickets.bench.js';
import { benchEvents } from './events.bench.js';

/**
 * npm run bench — prints every figure recorded in docs/benchmarks.md, each beside its raw
 * baseline measured on the same engine in the same run.
 * BENCH_ROWS (default 100000), BENCH_ENGINES (default "pglite,postgres"),
 * BENCH_ONLY or the arguments (default every part: "import,export,api,search,sales,segments,bulk,delivery,fairness,render,chat,tickets,events"),
 * BENCH_CHAT_CONNECTIONS / BENCH_CHAT_ROUNDS (default 1000 / 3: the live-chat round trip),
 * BENCH_TICKET_MAILS (default 2000: inbound mails filed as tickets through the SMTP listener),
 * BENCH_EVENTS (default 20000: events sent through the batch API),
 * BENCH_SEND_RECIPIENTS (default 100000: the campaign send to smtp-sink),
 * BENCH_DATABASE_URL (default: a fresh rapport_bench_<pid> database on 127.0.0.1:5432, dropped after),
 * BENCH_SEGMENT_CONTACTS / BENCH_SEGMENT_EVENTS (default 100000 / 1000000; the figures for
 * 1,000,000 / 10,000,000 on PostgreSQL take about ten minutes to seed), BENCH_SEGMENT_WEB_EVENTS /
 * BENCH_SEGMENT_TIMELINE_EVENTS (default: the events; the timeline's 0 with BENCH_SEGMENTS_ONLY=ecrm).
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const PARTS = 'import,export,api,search,sales,segments,bulk,delivery,fairness,render,chat,tickets,events';
// `npm run bench -- api segments` runs those parts; BENCH_ONLY=api,segments does the same.
const ONLY = new Set((process.argv.slice(2).join(',') || process.env.BENCH_ONLY || PARTS).split(',').filter(Boolean));
const WORK = '.bench-data';
const SEGMENT_CONTACTS = Number(process.env.BENCH_SEGMENT_CONTACTS ?? 100_000);
const SEGMENT_EVENTS = Number(process.env.BENCH_SEGMENT_EVENTS ?? SEGMENT_CONTACTS * 10);
// Web events (visited/tracked conditions) as many as the events; the timeline's none when only the
// eCRM conditions are timed (BENCH_SEGMENTS_ONLY=ecrm: they do not read it).
const SEGMENT_WEB_EVENTS = Number(process.env.BENCH_SEGMENT_WEB_EVENTS ?? SEGMENT_EVENTS);
const SEGMENT_TIMELINE_EVENTS = Number(process.env.BENCH_SEGMENT_TIMELINE_EVENTS ?? (process.env.BENCH_SEGMENTS_ONLY === 'ecrm' ? 0 : SEGMENT_EVENTS));
const n = (v: number) => v.toLocaleString('en');

async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T | undefined> {
  if (process.env.BENCH_DATABASE_URL) return fn(process.env.BENCH_DATABASE_URL);
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  // The force-drop below ends every session on the bench database; an error reaching a client
  // afterwards must not crash the run.
  admin.on('error', () => undefined);
  try {
    await admin.connect();
  } catch {
    console.log('PostgreSQL is not reachable on 127.0.0.1:5432; skipping it (set BENCH_DATABASE_URL).');
    return undefined;
  }
  // A name of its own, so two runs on one server (other checkouts) never drop each other's database.
  const name = `rapport_bench_${process.pid}`;
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  try {
    // runEngine has closed its pools before this returns; only then is the database dropped.
    return await fn(`postgres://postgres@127.0.0.1:5432/${name}`);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

async function section(name: string, title: string, fn: () => Promise<string>) {
  if (!ONLY.has(name)) return;
  console.log(`\n## ${title}`);
  console.log(await fn());
}

async function runEngine(engine: string, csv: string, databaseUrl?: string) {
  const dataDir = `${WORK}/pglite`;
  // Only a PGlite run owns the directory: a PostgreSQL-only run must not pull it from under another run.
  if (!databaseUrl) rmSync(dataDir, { recursive: true, force: true });
  // No statement_timeout: generating the data sets runs statements longer than a request may.
  // The collect endpoint's per-address limit is lifted: the load comes from one address.
  const config = loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'bench-secret-key-of-at-least-thirty-two-chars', STATEMENT_TIMEOUT_MS: '0', COLLECT_RATE_LIMIT_PER_MINUTE: '10000000' });
  const ctx: AppContext = await createContext(config, { queue: false });
  try {
    const ws = await insertWorkspace(ctx.db, 'Bench');
    const actor: Actor = { workspaceId: ws.id, role: 'owner', userId: null, apiKeyId: null, label: 'bench' };
    const needContacts = ['import', 'export', 'api', 'search', 'bulk'].some((s) => ONLY.has(s));
    let imported = false;
    await section('import', `${engine}: CSV import of ${n(ROWS)} contacts (${(readFileSync(csv).length / 1e6).toFixed(1)} MB)`, async () => {
      imported = true;
      return table((await benchImport(ctx, actor, csv)).rows);
    });
    if (needContacts && !imported) await benchImport(ctx, actor, csv);
    await section('export', `${engine}: CSV export of ${n(ROWS)} contacts`, async () => table(await benchExport(ctx, actor)));
    await section('api', `${engine}: GET /api/v1/contacts over HTTP at ${n(ROWS)} contacts, 20 connections`, async () => table(await benchApi(ctx, config, actor)));
    await section('search', `${engine}: list and search at ${n(ROWS)} contacts (50 per page, 30 runs each)`, async () => table(await benchSearch(ctx, actor, 30)));
    await section('sales', `${engine}: sales at ${n(ROWS)} deals (30 runs each)`, async () => table(await benchSales(ctx, actor, { deals: ROWS })));
    await section('segments', `${engine}: segments over ${n(SEGMENT_CONTACTS)} contacts, ${n(SEGMENT_TIMELINE_EVENTS)} timeline events and ${n(SEGMENT_WEB_EVENTS)} web events (5 runs each)`, async () => {
      const segWs = await insertWorkspace(ctx.db, 'Segments bench');
      const segActor: Actor = { ...actor, workspaceId: segWs.id };
      await seedSegmentData(ctx, segActor, { contacts: SEGMENT_CONTACTS, events: SEGMENT_TIMELINE_EVENTS, webEvents: SEGMENT_WEB_EVENTS });
      return table(await benchSegments(ctx, segActor, { runs: 5 }));
    });
    await section('events', `${engine}: event ingestion (batch API) and the collect endpoint`, async () => {
      const evWs = await insertWorkspace(ctx.db, 'Events bench');
      return table(await benchEvents(ctx, { ...actor, workspaceId: evWs.id }, { events: Number(process.env.BENCH_EVENTS ?? 20_000) }));
    });
    await section('bulk', `${engine}: bulk tag of ${n(ROWS)} contacts`, async () => table(await benchBulk(ctx, actor)));
    await section('delivery', `${engine}: campaign send to smtp-sink (DKIM RSA-2048, personalised, tracked)`, async () => {
      const sendWs = await insertWorkspace(ctx.db, 'Delivery bench');
      return table(await benchDelivery(ctx, { ...actor, workspaceId: sendWs.id }));
    });
    await section('chat', `${engine}: live chat, message round trip over ${n(CHAT_CONNECTIONS)} concurrent /ws/chat connections`, async () => {
      const chatWs = await insertWorkspace(ctx.db, 'Chat bench');
      return table(await benchChat(ctx, { ...actor, workspaceId: chatWs.id }));
    });
    await section('tickets', `${engine}: inbound mail to tickets through the SMTP listener`, async () => table(await benchTickets(ctx)));
  } finally {
    await closeContext(ctx);
  }
}

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  const csv = `${WORK}/contacts-${ROWS}.csv`;
  if (!existsSync(csv)) await writeContactsCsv(csv, ROWS);
  console.log(`# Rapport benchmarks — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  console.log(`Machine: ${machine()}`);
  const perEngine = ['import', 'export', 'api', 'search', 'sales', 'segments', 'chat', 'tickets', 'events', 'bulk', 'delivery'].some((s) => ONLY.has(s));
  if (perEngine && ENGINES.includes('pglite')) await runEngine('PGlite', csv);
  if (perEngine && ENGINES.includes('postgres')) {
    await withPostgres(async (url) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const { rows: [v] } = await c.query<{ server_version: string }>('show server_version');
      await c.end();
      console.log(`\nPostgreSQL server ${v.server_version}`);
      await runEngine('PostgreSQL', csv, url);
    });
  }
  if (ONLY.has('fairness')) await benchFairness({ engines: ENGINES, csv, withPostgres });
  if (ONLY.has('render')) {
    console.log('\n## Email personalisation per recipient (newsletter starter, 20,000 recipients, no database)');
    console.log(table(await benchRender()));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
