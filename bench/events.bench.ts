import Fastify from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../src/context.js';
import { buildApp } from '../src/http/app.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { createTrackingKey } from '../src/modules/collect/tracking-keys.service.js';
import { settleCollected } from '../src/modules/collect/collect.routes.js';
import { ensurePartitions } from '../src/modules/events/event-partitions.js';
import { ingestApiEvents } from '../src/modules/events/events.service.js';
import { listening, load } from './api.bench.js';
import { ratio } from './stats.js';

const BATCH = 1000;
const SITE = 'https://shop.example';

/** A realistic mix: page views of 2,000 browsers in sessions, one custom event in five. */
function batchOf(run: string, b: number) {
  const base = Date.now() - 3_600_000;
  return Array.from({ length: BATCH }, (_, i) => {
    const n = b * BATCH + i;
    const anon = `${run}-v${n % 2000}`;
    const common = { eventId: `${run}-${n}`, anonymousId: anon, sessionId: `${anon}-s${n % 3}`, timestamp: new Date(base + n).toISOString(), url: `${SITE}/p/${n % 50}?utm_source=bench` };
    return n % 5 === 4 ? { ...common, name: 'Added To Cart', properties: { sku: `sku-${n % 100}`, price: n % 90 } } : { ...common, type: 'page', title: `Page ${n % 50}` };
  });
}

/**
 * Batch-API ingestion (the service behind POST /api/v1/events: checks, visitors, sessions, one
 * transaction per 1,000 events) against two raw inserts of the same rows into web_events (a
 * multi-row INSERT with bind parameters, and INSERT … SELECT from one json parameter);
 * and /t/collect over HTTP (key, origin, rate limit, checks, group-commit writes before the answer) against a bare
 * Fastify POST route parsing the same JSON, in the same run.
 */
export async function benchEvents(ctx: AppContext, actor: Actor, options: { events: number }) {
  const batches = Math.max(1, Math.round(options.events / BATCH));
  await ensurePartitions(ctx.db, [new Date()]);
  // Warm-up: the first batch pays for the month's partitions and plans.
  await ingestApiEvents({ ctx, actor, events: batchOf('warm', 0) });

  let started = performance.now();
  for (let b = 0; b < batches; b++) {
    const r = await ingestApiEvents({ ctx, actor, events: batchOf('api', b) });
    if (r.accepted !== BATCH) throw new Error(`batch ${b}: ${JSON.stringify(r.rejected.slice(0, 2))}`);
  }
  const apiRate = (batches * BATCH) / ((performance.now() - started) / 1000);

  const visitor = await ctx.db.selectFrom('visitors').select('id').where('workspace_id', '=', actor.workspaceId).executeTakeFirstOrThrow();
  started = performance.now();
  for (let b = 0; b < batches; b++) {
    const rows = batchOf('raw', b).map((e) => ({
      workspace_id: actor.workspaceId, event_id: e.eventId, visitor_id: visitor.id, page: 'type' in e, name: 'type' in e ? 'page_view' : 'Added To Cart',
      occurred_at: new Date(e.timestamp), session_id: e.sessionId, url: e.url, path: new URL(e.url).pathname, title: 'title' in e ? e.title : null, referrer: null,
      properties: JSON.stringify('properties' in e ? e.properties : {}),
    }));
    await ctx.db.insertInto('web_events').values(rows).execute();
  }
  const rawRate = (batches * BATCH) / ((performance.now() - started) / 1000);

  // The same rows as one json parameter (the form insertEvents uses), so the ratio is also given
  // against the fastest plain insert, not only against thousands of bind parameters.
  started = performance.now();
  for (let b = 0; b < batches; b++) {
    const rows = JSON.stringify(batchOf('rawj', b).map((e) => ({
      i: e.eventId, v: visitor.id, p: 'type' in e, n: 'type' in e ? 'page_view' : 'Added To Cart', o: e.timestamp, s: e.sessionId, u: e.url,
      pa: new URL(e.url).pathname, t: 'title' in e ? e.title : null, pr: 'properties' in e ? e.properties : {},
    })));
    await sql`insert into web_events (workspace_id, event_id, visitor_id, page, name, occurred_at, session_id, url, path, title, referrer, properties)
      select ${actor.workspaceId}, x.i, x.v, x.p, x.n, x.o, x.s, x.u, x.pa, x.t, null, x.pr
        from json_to_recordset(${rows}::json) as x(i text, v bigint, p boolean, n text, o timestamptz, s text, u text, pa text, t text, pr jsonb)`.execute(ctx.db);
  }
  const jsonRate = (batches * BATCH) / ((performance.now() - started) / 1000);

  const key = await createTrackingKey({ ctx, actor, input: { name: 'bench', allowedOrigins: [SITE], honorPrivacySignals: true, requireConsent: false } });
  const bare = Fastify({ logger: false });
  bare.post('/bare', async (request) => ({ ok: typeof request.body === 'object' }));
  const bareUrl = await listening(bare);
  const app = await buildApp(ctx, { serveWeb: false });
  const appUrl = await listening(app);
  let seq = 0;
  const body = () => JSON.stringify({ k: key.writeKey, b: [{ eventId: `c-${seq++}`, type: 'page', anonymousId: `b-${seq % 500}`, sessionId: `s-${seq % 500}`, url: `${SITE}/p/${seq % 50}`, title: 'Page', timestamp: new Date().toISOString() }] });
  try {
    const headers = { 'content-type': 'text/plain', origin: SITE };
    const base = await load(`${bareUrl}/bare`, { 'content-type': 'application/json' }, undefined, body);
    const collected = await load(`${appUrl}/t/collect`, headers, undefined, body);
    const writeStart = performance.now();
    await settleCollected(ctx);
    const drain = performance.now() - writeStart;
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from web_events where workspace_id = ${actor.workspaceId} and event_id like 'c-%'`.execute(ctx.db);
    const f = (v: number) => Math.round(v).toLocaleString('en');
    return [
      { measure: `raw multi-row INSERT into web_events, ${BATCH} rows a statement (baseline)`, rate: `${f(rawRate)} events/s`, 'vs baseline': '', 'non-2xx': '' },
      { measure: `raw INSERT … SELECT from json_to_recordset, ${BATCH} rows in one parameter (baseline)`, rate: `${f(jsonRate)} events/s`, 'vs baseline': '', 'non-2xx': '' },
      { measure: `batch API ingestion (ingestApiEvents), ${f(batches * BATCH)} events in batches of ${BATCH}`, rate: `${f(apiRate)} events/s`, 'vs baseline': `${ratio(apiRate, rawRate)} / ${ratio(apiRate, jsonRate)}`, 'non-2xx': '' },
      { measure: 'bare Fastify POST route, same JSON body (baseline)', rate: `${f(base.perSecond)} req/s`, 'vs baseline': '', 'non-2xx': String(base.errors) },
      { measure: `POST /t/collect, 1 page view a request (${f(rows[0]!.n)} stored; last writes drained in ${f(drain)} ms)`, rate: `${f(collected.perSecond)} req/s`, 'vs baseline': ratio(collected.perSecond, base.perSecond), 'non-2xx': String(collected.errors) },
    ];
  } finally {
    await app.close();
    await bare.close();
  }
}
