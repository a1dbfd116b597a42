import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { mergeContacts } from '../contacts/contacts-merge.service.js';
import { ingestApiEvents } from './events.service.js';

/**
 * Any replay and any order of arrival of the same events gives the same state; merging contacts
 * loses no event. Each run works in fresh workspaces; state is compared by email, not by id.
 */
let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => (await import('../../boot.js')).closeContext(ctx));

const BASE = Date.now() - 10 * 86_400_000;
const ANONS = ['a1', 'a2', 'a3'];
/** Each browser belongs to one person: identifies of a browser always name the same email. */
const EMAIL_OF: Record<string, string> = { a1: 'ann@example.com', a2: 'bob@example.com', a3: 'ann@example.com' };
const eventArb = fc.record({
  kind: fc.constantFrom('page', 'page', 'track', 'identify', 'server'),
  anon: fc.constantFrom(...ANONS), session: fc.constantFrom('s1', 's2'), minute: fc.integer({ min: 0, max: 600 }),
  path: fc.constantFrom('/', '/pricing?utm_source=news', '/blog'), name: fc.constantFrom('Signed Up', 'clicked'), amount: fc.constantFrom(1, 5),
});
type Gen = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

const toApi = (g: Gen, i: number) => {
  const base = { eventId: `ev${i}`, timestamp: new Date(BASE + g.minute * 60_000).toISOString(), sessionId: g.session, url: `https://shop.test${g.path}` };
  if (g.kind === 'page') return { ...base, type: 'page', anonymousId: g.anon, title: g.path };
  if (g.kind === 'track') return { ...base, name: g.name, anonymousId: g.anon, properties: { amount: g.amount } };
  if (g.kind === 'identify') return { ...base, type: 'identify', anonymousId: g.anon, email: EMAIL_OF[g.anon] };
  return { eventId: `ev${i}`, timestamp: base.timestamp, name: g.name, email: EMAIL_OF[g.anon], properties: { amount: g.amount } };
};

/** Everything ingestion writes, keyed by what is stable across workspaces (emails, anonymous ids, event ids). */
async function snapshot(ws: number) {
  const db = ctx.db;
  const emailOf = new Map((await db.selectFrom('contacts').select(['id', 'email']).where('workspace_id', '=', ws).execute()).map((c) => [c.id, c.email]));
  const visitors = await db.selectFrom('visitors').select(['id', 'anonymous_id', 'contact_id', 'first_seen_at', 'last_seen_at']).where('workspace_id', '=', ws).execute();
  const visitorKey = new Map(visitors.map((v) => [v.id, v.anonymous_id.startsWith('contact:') ? `contact:${emailOf.get(v.contact_id!)}` : v.anonymous_id]));
  const events = await db.selectFrom('web_events').select(['event_id', 'visitor_id', 'name', 'occurred_at', 'session_id', 'url', 'properties']).where('workspace_id', '=', ws).execute();
  const sessions = await db.selectFrom('web_sessions').selectAll().where('workspace_id', '=', ws).execute();
  const timeline = await db.selectFrom('timeline_events').select(['kind', 'contact_id', 'occurred_at', 'data']).where('workspace_id', '=', ws).where('kind', '<>', 'created').execute();
  const sort = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
  return {
    contacts: [...emailOf.values()].sort(),
    visitors: sort(visitors.map((v) => [visitorKey.get(v.id), emailOf.get(v.contact_id!) ?? null, v.first_seen_at, v.last_seen_at])),
    events: sort(events.map((e) => [e.event_id, visitorKey.get(e.visitor_id), e.name, e.occurred_at, e.session_id, e.url, e.properties])),
    sessions: sort(sessions.map((s) => [visitorKey.get(s.visitor_id), s.session_id, s.started_at, s.last_seen_at, s.page_count, s.event_count, s.landing_event_id, s.landing_url, s.utm, s.timeline_event_id !== null])),
    timeline: sort(timeline.map((t) => {
      const { visitorId, ...data } = t.data as Record<string, unknown>;
      return [t.kind, emailOf.get(t.contact_id!), t.occurred_at, data, visitorId === undefined];
    })),
  };
}

describe('event ingestion', () => {
  it('reaches the same state for any replay and any order of arrival', async () => {
    const scenario = fc.array(eventArb, { minLength: 1, maxLength: 25 }).chain((gens) => fc.record({
      gens: fc.constant(gens),
      // The second arrival: a shuffled copy with some events repeated, cut into batches.
      order: fc.shuffledSubarray(gens.map((_, i) => i), { minLength: gens.length, maxLength: gens.length }),
      repeats: fc.array(fc.integer({ min: 0, max: gens.length - 1 }), { maxLength: 6 }),
      cuts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
    }));
    await fc.assert(fc.asyncProperty(scenario, async ({ gens, order, repeats, cuts }) => {
      const api = gens.map(toApi);
      const [one, two] = [await newWorkspace(ctx), await newWorkspace(ctx)];
      await ingestApiEvents({ ctx, actor: one.owner.actor, events: api });
      const arrival = [...order, ...repeats].map((i) => api[i]!);
      for (let at = 0, c = 0; at < arrival.length; c++) {
        const size = cuts[c % cuts.length]!;
        await ingestApiEvents({ ctx, actor: two.owner.actor, events: arrival.slice(at, at + size) });
        at += size;
      }
      await ingestApiEvents({ ctx, actor: two.owner.actor, events: api }); // a full replay changes nothing
      expect(await snapshot(two.id)).toEqual(await snapshot(one.id));
    }), { numRuns: Number(process.env.EVENT_RUNS ?? 15) });
  }, 300_000);

  it('loses no event when contacts are merged, in any order of merges', async () => {
    const scenario = fc.record({
      people: fc.array(fc.array(eventArb, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 }),
      merges: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
    });
    await fc.assert(fc.asyncProperty(scenario, async ({ people, merges }) => {
      const ws = await newWorkspace(ctx);
      // Person p's browser is `p<n>-<anon>` and identifies as p<n>@example.com.
      let n = 0;
      const batch = people.flatMap((gens, p) => gens.flatMap((g) => {
        const e = toApi(g, n++) as Record<string, unknown>;
        if (e.anonymousId) e.anonymousId = `p${p}-${String(e.anonymousId)}`;
        if (e.email || e.type === 'identify') e.email = `p${p}@example.com`;
        return e.anonymousId ? [e, { eventId: `id${n++}`, type: 'identify', anonymousId: e.anonymousId, email: `p${p}@example.com` }] : [e];
      }));
      await ingestApiEvents({ ctx, actor: ws.owner.actor, events: batch });
      const reach = async () => ctx.db.selectFrom('web_events as e').innerJoin('visitors as v', 'v.id', 'e.visitor_id').innerJoin('contacts as c', 'c.id', 'v.contact_id')
        .select(['e.event_id', 'c.id as contact_id']).where('e.workspace_id', '=', ws.id).execute();
      const before = await reach();
      const sessionsBefore = await ctx.db.selectFrom('timeline_events').select('id').where('workspace_id', '=', ws.id).where('kind', '=', 'web_session').execute();
      const ids = [...new Set(before.map((r) => r.contact_id))].sort((a, b) => a - b);
      const parent = new Map(ids.map((id) => [id, id]));
      const find = (id: number): number => (parent.get(id) === id ? id : find(parent.get(id)!));
      for (const [a, b] of merges) {
        const [survivor, duplicate] = [find(ids[a % ids.length]!), find(ids[b % ids.length]!)];
        if (survivor === duplicate) continue;
        await mergeContacts({ ctx, actor: ws.owner.actor, survivorId: survivor, duplicateId: duplicate });
        parent.set(duplicate, survivor);
      }
      const after = await reach();
      expect(after.map((r) => r.event_id).sort()).toEqual(before.map((r) => r.event_id).sort());
      const expected = Object.fromEntries(before.map((r) => [r.event_id, find(r.contact_id)]));
      expect(Object.fromEntries(after.map((r) => [r.event_id, r.contact_id]))).toEqual(expected);
      const sessionsAfter = await ctx.db.selectFrom('timeline_events').select(['id', 'contact_id']).where('workspace_id', '=', ws.id).where('kind', '=', 'web_session').execute();
      expect(sessionsAfter.map((s) => s.id).sort()).toEqual(sessionsBefore.map((s) => s.id).sort());
      expect(sessionsAfter.every((s) => find(s.contact_id!) === s.contact_id)).toBe(true);
    }), { numRuns: Number(process.env.EVENT_RUNS ?? 10) });
  }, 300_000);
});
