import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { runTicketBulk } from './ticket-bulk.job.js';
import { BULK_INLINE_MAX } from './ticket-bulk.service.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let other: TestWorkspace;
const run = Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  other = await newWorkspace(t.ctx);
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST', url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const open = async (subject: string) => (await api('POST', '/api/v1/tickets', { subject, body: 'x', email: `bulk-${run}@example.com` })).json();
const rows = (ids: number[]) => t.ctx.db.selectFrom('tickets').select(['id', 'status', 'priority', 'assignee_id', 'tags', 'solved_at']).where('id', 'in', ids).orderBy('id').execute();

describe('ticket bulk actions', () => {
  it('assigns, solves, tags and untags by ids as one audited operation', async () => {
    const tickets = [await open(`Bulk A ${run}`), await open(`Bulk B ${run}`)];
    const ids = tickets.map((x) => x.id);
    const agent = await ws.as('support');
    const assigned = await api('POST', '/api/v1/tickets/bulk', { ids, action: { type: 'assign', assigneeId: agent.actor.userId } });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'done', total: 2, processed: 2, result: { changed: 2, unchanged: 0, skipped: 0 } });
    await api('POST', '/api/v1/tickets/bulk', { ids, action: { type: 'tag', tags: ['billing', 'vip'] } });
    await api('POST', '/api/v1/tickets/bulk', { ids, action: { type: 'untag', tags: ['vip'] } });
    const solved = (await api('POST', '/api/v1/tickets/bulk', { ids: [...ids, 999_999_999], action: { type: 'status', status: 'solved' } })).json();
    expect(solved.result).toEqual({ changed: 2, unchanged: 0, skipped: 1 });
    for (const r of await rows(ids)) expect(r).toMatchObject({ status: 'solved', assignee_id: agent.actor.userId, tags: ['billing'] });
    expect((await rows(ids)).every((r) => r.solved_at)).toBe(true);
    const again = (await api('POST', '/api/v1/tickets/bulk', { ids, action: { type: 'status', status: 'solved' } })).json();
    expect(again.result).toMatchObject({ changed: 0, unchanged: 2 });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['entity', 'entity_id']).where('workspace_id', '=', ws.id).where('entity', '=', 'ticket_bulk').where('entity_id', '=', solved.id).execute();
    expect(audit).toHaveLength(1);
    const events = await t.ctx.db.selectFrom('timeline_events').select('data').where('workspace_id', '=', ws.id).where('kind', '=', 'ticket_status_changed').execute();
    expect(events.filter((e) => ids.includes((e.data as { ticketId: number }).ticketId) && (e.data as { to: string }).to === 'solved')).toHaveLength(2);
  });

  it('selects by a view and search, and refuses merge, a stranger as assignee, and both or neither selector', async () => {
    const hit = await open(`Needle ${run}`);
    const r = (await api('POST', '/api/v1/tickets/bulk', { filter: { view: 'all_open', q: `needle ${run}` }, action: { type: 'priority', priority: 'urgent' } })).json();
    expect(r.total).toBe(1);
    expect((await rows([hit.id]))[0]!.priority).toBe('urgent');
    const merge = await api('POST', '/api/v1/tickets/bulk', { ids: [hit.id], action: { type: 'merge', intoTicketId: hit.id } });
    expect(merge.statusCode).toBe(400);
    expect(merge.json().error.message).toContain('one at a time');
    const stranger = await api('POST', '/api/v1/tickets/bulk', { ids: [hit.id], action: { type: 'assign', assigneeId: other.owner.actor.userId } });
    expect(stranger.statusCode).toBe(400);
    expect((await api('POST', '/api/v1/tickets/bulk', { action: { type: 'priority', priority: 'low' } })).statusCode).toBe(400);
    expect((await api('POST', '/api/v1/tickets/bulk', { ids: [hit.id], filter: { view: 'all' }, action: { type: 'priority', priority: 'low' } })).statusCode).toBe(400);
  });

  it('never touches another workspace’s tickets, and is refused to roles that do not write tickets', async () => {
    const theirs = (await api('POST', '/api/v1/tickets', { subject: 'Theirs', body: 'x', email: 'theirs@example.com' }, other.owner.headers)).json();
    const r = (await api('POST', '/api/v1/tickets/bulk', { ids: [theirs.id], action: { type: 'status', status: 'closed' } })).json();
    expect(r.result).toEqual({ changed: 0, unchanged: 0, skipped: 1 });
    expect((await rows([theirs.id]))[0]!.status).toBe('new');
    expect((await api('GET', `/api/v1/tickets/bulk/${r.id}`, undefined, other.owner.headers)).statusCode).toBe(404);
    for (const role of ['sales', 'marketing', 'agency'] as const) {
      expect((await api('POST', '/api/v1/tickets/bulk', { ids: [theirs.id], action: { type: 'priority', priority: 'low' } }, (await ws.as(role)).headers)).statusCode).toBe(403);
    }
  });

  it('runs a large selection as a job with progress', async () => {
    const n = BULK_INLINE_MAX + 50;
    const inserted = await t.ctx.db.insertInto('tickets').values(Array.from({ length: n }, (_, i) => ({ workspace_id: ws.id, subject: `Many ${run} ${i}` }))).returning('id').execute();
    const ids = inserted.map((x) => x.id);
    const started = await api('POST', '/api/v1/tickets/bulk', { ids, action: { type: 'tag', tags: ['mass'] } });
    expect(started.statusCode).toBe(202);
    const op = started.json();
    expect(op).toMatchObject({ status: 'queued', total: n, processed: 0 });
    await runTicketBulk(t.ctx, { operationId: op.id });
    const done = (await api('GET', `/api/v1/tickets/bulk/${op.id}`)).json();
    expect(done).toMatchObject({ status: 'done', processed: n, result: { changed: n, unchanged: 0, skipped: 0 } });
    expect((await rows(ids)).every((r) => r.tags.includes('mass'))).toBe(true);
    await runTicketBulk(t.ctx, { operationId: op.id }); // a retry after the end does nothing
    expect((await api('GET', `/api/v1/tickets/bulk/${op.id}`)).json().processed).toBe(n);
  });
});
