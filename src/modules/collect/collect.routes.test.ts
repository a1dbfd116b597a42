import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { checkEvents } from '../events/event-check.js';
import { BACKLOG_LIMIT } from './collect-writer.js';
import { collectWriterOf, settleCollected } from './collect.routes.js';

let t: { ctx: AppContext; app: App; close: () => Promise<void> };
let ws: TestWorkspace;
let bearer: { authorization: string };
let writeKey: string;
const SITE = 'https://shop.example';

beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  ws = await newWorkspace(t.ctx);
  bearer = { authorization: `Bearer ${await ws.apiKey('marketing')}` };
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/tracking-keys', headers: bearer, payload: { name: 'Shop', allowedOrigins: [`${SITE}/`, 'http://localhost:5173'] } });
  expect(res.statusCode).toBe(201);
  expect(res.json().allowedOrigins).toEqual([SITE, 'http://localhost:5173']);
  writeKey = res.json().writeKey;
});
afterAll(async () => t.close());

const collect = (body: unknown, headers: Record<string, string> = {}, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url: '/t/collect', headers: { 'content-type': 'text/plain', origin: SITE, ...headers }, payload: JSON.stringify(body), ...(remoteAddress ? { remoteAddress } : {}) });
// One timestamp for the file: a resent event carries its id and its timestamp (a clock read per
// call made the "same" event two events whenever a millisecond passed between the two reads).
const AT = new Date().toISOString();
const pageView = (id: string, anonymousId = 'browser-1') => ({ eventId: id, type: 'page', anonymousId, sessionId: 's1', url: `${SITE}/p/${id}`, timestamp: AT });
const storedIds = async () => (await t.ctx.db.selectFrom('web_events').select('event_id').where('workspace_id', '=', ws.id).orderBy('event_id').execute()).map((r) => r.event_id);

describe('tracking keys', () => {
  it('refuses origins with a path and roles without tracking:manage', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/tracking-keys', headers: bearer, payload: { name: 'x', allowedOrigins: ['https://a.example/shop'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('allowedOrigins.0');
    const sales = await t.app.inject({ method: 'GET', url: '/api/v1/tracking-keys', headers: { authorization: `Bearer ${await ws.apiKey('sales')}` } });
    expect(sales.statusCode).toBe(403);
  });

  it('serves the snippet for a live key only', async () => {
    const js = await t.app.inject({ method: 'GET', url: `/t.js?k=${writeKey}` });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.body).toContain('/t/collect');
    expect((await t.app.inject({ method: 'GET', url: `/t.js?k=${writeKey.slice(0, -2)}xx` })).statusCode).toBe(404);
  });
});

describe('/t/collect', () => {
  it('queues the good events, reports the bad ones, and writes them once', async () => {
    const res = await collect({ k: writeKey, b: [pageView('c1'), pageView('c2'), { eventId: 'c3', type: 'page', anonymousId: 'b' }, pageView('c1')] });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 3, rejected: [{ index: 2, code: 'INVALID' }] });
    expect(res.headers['access-control-allow-origin']).toBe(SITE);
    // Constant headers instead of helmet's per-request ones: still no sniffing, framing or loading.
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", 'referrer-policy': 'strict-origin-when-cross-origin' });
    // No wait: the 202 comes once the events are committed.
    expect(await storedIds()).toEqual(['c1', 'c2']);
  });

  it('refuses an unknown or tampered key, a foreign origin and an oversized batch', async () => {
    expect((await collect({ k: 'rk_1_AAAAAAAAAAAAAAAAAAAAAA', b: [pageView('x1')] })).statusCode).toBe(401);
    const foreign = await collect({ k: writeKey, b: [pageView('x2')] }, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.message).toContain('https://evil.example');
    const big = await collect({ k: writeKey, b: Array.from({ length: 101 }, (_, i) => pageView(`big${i}`)) });
    expect(big.statusCode).toBe(413);
    expect((await t.app.inject({ method: 'POST', url: '/t/collect', headers: { 'content-type': 'text/plain', origin: SITE }, payload: '{not json' })).statusCode).toBe(400);
    await settleCollected(t.ctx);
    expect((await storedIds()).filter((id) => id.startsWith('x') || id.startsWith('big'))).toEqual([]);
  });

  it('records nothing from a browser sending Global Privacy Control when the key honours it', async () => {
    const res = await collect({ k: writeKey, b: [pageView('gpc1')] }, { 'sec-gpc': '1' });
    expect(res.statusCode).toBe(204);
    await settleCollected(t.ctx);
    expect(await storedIds()).not.toContain('gpc1');
  });

  it('answers a flood from one address with 429 and Retry-After', async () => {
    const address = uniqueClientAddress();
    let last = 0;
    for (let i = 0; i <= t.ctx.config.COLLECT_RATE_LIMIT_PER_MINUTE; i++) last = (await collect({ k: writeKey, b: [] }, {}, address)).statusCode;
    expect(last).toBe(429);
    const res = await collect({ k: writeKey, b: [] }, {}, address);
    expect(res.headers['retry-after']).toBeDefined();
  });
});

describe('/t/collect writes before it answers', () => {
  it('answers each of concurrent requests only once its events are in the database', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `w${i}`);
    await Promise.all(ids.map(async (id) => {
      const res = await collect({ k: writeKey, b: [pageView(id, `browser-${id}`)] });
      expect(res.statusCode).toBe(202);
      expect(await storedIds()).toContain(id);
    }));
  });

  it('commits the good requests of a shared write when one of them cannot be written', async () => {
    const writer = collectWriterOf(t.ctx)!;
    const checked = (id: string) => checkEvents([pageView(id)], { now: new Date(), defaultSource: 'web' }).events;
    // A workspace that does not exist fails its write (foreign key), first in the shared write.
    const results = await Promise.allSettled([writer.add(2_000_000_000, checked('bad1')), writer.add(ws.id, checked('g1')), writer.add(ws.id, checked('g2'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect((await storedIds()).filter((id) => /^(bad|g)\d/.test(id))).toEqual(['g1', 'g2']);
  });

  it(`answers 429 with Retry-After while ${BACKLOG_LIMIT} events wait for their write`, async () => {
    expect((await collect({ k: writeKey, b: [] })).statusCode).toBe(202); // the key is now cached: no query
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    let locked = () => undefined as void;
    const isLocked = new Promise<void>((r) => (locked = r));
    // Writes wait behind this lock (PGlite: behind the one connection this transaction holds).
    const holder = t.ctx.db.transaction().execute(async (trx) => {
      await sql`lock table visitors in exclusive mode`.execute(trx);
      locked();
      await held;
    });
    await isLocked;
    const flood = checkEvents([pageView('flood')], { now: new Date(), defaultSource: 'web' }).events[0]!;
    const backlog = collectWriterOf(t.ctx)!.add(2_000_000_000, Array.from({ length: BACKLOG_LIMIT }, () => flood));
    const busy = await collect({ k: writeKey, b: [pageView('late1')] });
    expect(busy.statusCode).toBe(429);
    expect(busy.headers['retry-after']).toBeDefined();
    release();
    await holder;
    await expect(backlog).rejects.toThrow();
    expect((await collect({ k: writeKey, b: [pageView('late2')] })).statusCode).toBe(202);
    expect((await storedIds()).filter((id) => id.startsWith('late'))).toEqual(['late2']);
  });
});

describe('POST /api/v1/events', () => {
  it('answers 207 with the rejected events when a batch is partly bad, 413 over the limit', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: bearer, payload: { events: [{ eventId: 'api1', name: 'trial_started', email: 'pat@example.com' }, { eventId: 'api2', name: 'x', anonymousId: 'a', timestamp: '2999-01-01T00:00:00Z' }] } });
    expect(res.statusCode).toBe(207);
    expect(res.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1, eventId: 'api2', code: 'FUTURE_TIMESTAMP' }] });
    const over = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: bearer, payload: { events: Array.from({ length: 1001 }, (_, i) => ({ eventId: `o${i}`, name: 'x', anonymousId: 'a' })) } });
    expect(over.statusCode).toBe(413);
  });
});
