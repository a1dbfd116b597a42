import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { listMonthPartitions, monthOf } from './event-partitions.repo.js';
import { listDailyAggregates } from './events.repo.js';
import { maintainEvents } from './events.job.js';
import { ingestApiEvents } from './events.service.js';

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => (await import('../../boot.js')).closeContext(ctx));

describe('events maintenance', () => {
  it('makes the coming months’ partitions, and drops raw page views past the retention while keeping their daily counts and the custom events', async () => {
    const ws = await newWorkspace(ctx);
    const old = '2024-05-10T12:00:00Z';
    const recent = new Date(Date.now() - 3_600_000).toISOString();
    const r = await ingestApiEvents({ ctx, actor: ws.owner.actor, events: [
      { eventId: 'old-1', type: 'page', anonymousId: 'a', sessionId: 's0', url: 'https://shop.test/old', timestamp: old },
      { eventId: 'old-2', type: 'page', anonymousId: 'b', url: 'https://shop.test/old', timestamp: old },
      { eventId: 'old-3', name: 'signed_up', anonymousId: 'a', timestamp: old },
      { eventId: 'new-1', type: 'page', anonymousId: 'a', url: 'https://shop.test/new', timestamp: recent },
    ] });
    expect(r.accepted).toBe(4);
    const now = new Date();
    const result = await maintainEvents(ctx, now);
    const next = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1)));
    expect(await listMonthPartitions(ctx.db)).toContain(`pv:${next}`);
    expect(result.dropped).toContain('pv:2024-05');
    const left = await ctx.db.selectFrom('web_events').select('event_id').where('workspace_id', '=', ws.id).orderBy('event_id').execute();
    expect(left.map((e) => e.event_id)).toEqual(['new-1', 'old-3']);
    // Sessions are summaries: they outlive the raw page views.
    expect(await ctx.db.selectFrom('web_sessions').select('page_count').where('workspace_id', '=', ws.id).execute()).toEqual([{ page_count: 1 }]);
    const daily = await listDailyAggregates(ctx.db, ws.id, '2024-05-10', '2024-05-10');
    expect(daily.map((d) => [d.name, d.path, d.events, d.visitors])).toEqual([['page_view', '/old', 2, 2], ['signed_up', '', 1, 1]]);
  }, 60_000); // partition DDL waits for other files' writes to web_events on a shared PostgreSQL
});
