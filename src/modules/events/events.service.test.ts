import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { ingestApiEvents } from './events.service.js';
import { getContactWebActivity } from './web-activity.service.js';

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => (await import('../../boot.js')).closeContext(ctx));

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const send = (ws: TestWorkspace, events: unknown[]) => ingestApiEvents({ ctx, actor: ws.owner.actor, events });
const timelineOf = (ws: TestWorkspace, contactId: number) =>
  ctx.db.selectFrom('timeline_events').select(['kind', 'data', 'occurred_at']).where('workspace_id', '=', ws.id).where('contact_id', '=', contactId).orderBy('occurred_at').orderBy('id').execute();

describe('ingestEvents', () => {
  it('keeps the good events of a batch and names each bad one with its reason', async () => {
    const ws = await newWorkspace(ctx);
    const result = await send(ws, [
      { eventId: 'a1', type: 'page', anonymousId: 'anon-1', url: 'https://shop.test/pricing', timestamp: minutesAgo(5) },
      { eventId: 'a2', name: 'signed_up', anonymousId: 'anon-1', timestamp: new Date(Date.now() + 3_600_000).toISOString() },
      { eventId: 'a3', name: 'clicked' },
      { eventId: 'a4', name: 'big', anonymousId: 'anon-1', properties: { blob: 'x'.repeat(20_000) } },
      { eventId: 'a5', type: 'page', anonymousId: 'anon-1', url: 'not a url' },
      { eventId: 'a6', name: 'page_view', anonymousId: 'anon-1' },
      'nonsense',
      { eventId: 'a8', name: 'Order Completed', anonymousId: 'anon-1', timestamp: '2023-03-04T10:00:00Z', properties: { total: 10 } },
    ]);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.code])).toEqual([[1, 'FUTURE_TIMESTAMP'], [2, 'NO_SUBJECT'], [3, 'TOO_LARGE'], [4, 'INVALID'], [5, 'RESERVED_NAME'], [6, 'INVALID']]);
    expect(result.rejected[0]!.eventId).toBe('a2');
    // The backfilled event landed in its own month's partition, not in the default.
    const { rows } = await sql<{ part: string }>`select tableoid::regclass::text as part from web_events where workspace_id = ${ws.id} and event_id = 'a8'`.execute(ctx.db);
    expect(rows[0]!.part).toBe('web_events_ev_y2023m03');
  });

  it('is idempotent by event id: a replay stores nothing and changes no session', async () => {
    const ws = await newWorkspace(ctx);
    const batch = [1, 2, 3].map((i) => ({ eventId: `p${i}`, type: 'page', anonymousId: 'anon-r', sessionId: 's1', url: `https://shop.test/p${i}?utm_source=news`, timestamp: minutesAgo(10 - i) }));
    expect(await send(ws, batch)).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await send(ws, [...batch].reverse())).toMatchObject({ accepted: 0, duplicates: 3 });
    const session = await ctx.db.selectFrom('web_sessions').selectAll().where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ page_count: 3, landing_url: 'https://shop.test/p1?utm_source=news', utm: { source: 'news' } });
  });

  it('puts a visitor’s anonymous visits and events on the contact’s timeline when it identifies, one row per session', async () => {
    const ws = await newWorkspace(ctx);
    await send(ws, [
      { eventId: 'v1', type: 'page', anonymousId: 'anon-x', sessionId: 's1', url: 'https://shop.test/', title: 'Home', timestamp: minutesAgo(60) },
      { eventId: 'v2', type: 'page', anonymousId: 'anon-x', sessionId: 's1', url: 'https://shop.test/pricing', title: 'Pricing', timestamp: minutesAgo(59) },
      { eventId: 'v3', name: 'Video Played', anonymousId: 'anon-x', sessionId: 's1', url: 'https://shop.test/pricing', properties: { seconds: 30 }, timestamp: minutesAgo(58) },
      { eventId: 'v4', type: 'page', anonymousId: 'anon-x', sessionId: 's2', url: 'https://shop.test/blog', timestamp: minutesAgo(20) },
    ]);
    expect(await ctx.db.selectFrom('timeline_events').select('id').where('workspace_id', '=', ws.id).execute()).toEqual([]);
    await send(ws, [{ eventId: 'id1', type: 'identify', anonymousId: 'anon-x', email: 'Eve@Example.com', traits: { firstName: 'Eve' }, sessionId: 's2', url: 'https://shop.test/signup', timestamp: minutesAgo(19) }]);
    const contact = await ctx.db.selectFrom('contacts').select(['id', 'first_name', 'email']).where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ first_name: 'Eve', email: 'eve@example.com' });
    // Later page views of the same browser count towards the same session row.
    await send(ws, [{ eventId: 'v5', type: 'page', anonymousId: 'anon-x', sessionId: 's2', url: 'https://shop.test/thanks', timestamp: minutesAgo(18) }]);
    const rows = await timelineOf(ws, contact.id);
    expect(rows.map((r) => r.kind)).toEqual(['web_session', 'custom.video_played', 'web_session', 'created']);
    const sessions = rows.filter((r) => r.kind === 'web_session').map((r) => r.data);
    expect(sessions).toEqual([
      expect.objectContaining({ sessionId: 's1', pages: 2, events: 1, landingUrl: 'https://shop.test/', landingTitle: 'Home' }),
      expect.objectContaining({ sessionId: 's2', pages: 2, events: 0, landingUrl: 'https://shop.test/blog' }),
    ]);
    expect(rows.find((r) => r.kind === 'custom.video_played')!.data).toMatchObject({ seconds: 30, eventName: 'Video Played', eventId: 'v3' });
    const activity = await getContactWebActivity({ ctx, actor: ws.owner.actor, contactId: contact.id });
    expect(activity.sessions.map((s) => [s.sessionId, s.pages.map((p) => p.url)])).toEqual([
      ['s2', ['https://shop.test/blog', 'https://shop.test/thanks']],
      ['s1', ['https://shop.test/', 'https://shop.test/pricing']],
    ]);
    expect(activity.firstSeenAt!.getTime()).toBe(rows[0]!.occurred_at.getTime());
    expect(activity.lastSeenAt!.getTime()).toBeGreaterThan(Date.now() - 19 * 60_000);
  });

  it('counts only the new events of a partly replayed batch, and leaves a visitor the batch does not widen unwritten', async () => {
    const ws = await newWorkspace(ctx);
    const now = Date.now();
    const page = (i: number, m: number) => ({ eventId: `q${i}`, type: 'page', anonymousId: 'anon-q', sessionId: 's1', url: `https://shop.test/q${i}`, timestamp: new Date(now - m * 60_000).toISOString() });
    await send(ws, [page(1, 30), page(2, 20)]);
    const visitorVersion = () => sql<{ xmin: string; first_seen_at: Date; last_seen_at: Date }>`select xmin::text, first_seen_at, last_seen_at from visitors where workspace_id = ${ws.id}`.execute(ctx.db).then((r) => r.rows[0]!);
    const before = await visitorVersion();
    // A replay, and a new event inside the span already seen: the visitor's row keeps its version.
    expect(await send(ws, [page(2, 20), page(3, 25), page(1, 30)])).toMatchObject({ accepted: 1, duplicates: 2 });
    expect(await visitorVersion()).toEqual(before);
    // An earlier landing, in a batch with a replayed event, takes the session over; counts add only the new one.
    expect(await send(ws, [page(4, 40), page(3, 25)])).toMatchObject({ accepted: 1, duplicates: 1 });
    const session = await ctx.db.selectFrom('web_sessions').selectAll().where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ page_count: 4, event_count: 0, landing_event_id: 'q4', landing_url: 'https://shop.test/q4' });
    expect((await visitorVersion()).first_seen_at.getTime()).toBeLessThan(before.first_seen_at.getTime());
    // Once identified, a write with no identity in it still puts the browser's events on the timeline.
    await send(ws, [{ eventId: 'qi', type: 'identify', anonymousId: 'anon-q', email: 'quinn@example.com', timestamp: minutesAgo(10) }]);
    await send(ws, [{ eventId: 'q5', name: 'Clicked', anonymousId: 'anon-q', sessionId: 's1', timestamp: minutesAgo(5) }]);
    const contact = await ctx.db.selectFrom('contacts').select('id').where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
    const rows = await timelineOf(ws, contact.id);
    expect(rows.filter((r) => r.kind !== 'created').map((r) => [r.kind, r.data])).toEqual([
      ['web_session', expect.objectContaining({ sessionId: 's1', pages: 4, events: 1 })],
      ['custom.clicked', expect.objectContaining({ eventId: 'q5' })],
    ]);
  });

  it('refuses a batch over 1,000 events, and callers without events:write', async () => {
    const ws = await newWorkspace(ctx);
    await expect(send(ws, Array.from({ length: 1001 }, (_, i) => ({ eventId: `e${i}`, name: 'x', anonymousId: 'a' })))).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const sales = await ws.as('sales');
    await expect(ingestApiEvents({ ctx, actor: sales.actor, events: [{ eventId: 'x', name: 'x', anonymousId: 'a' }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
