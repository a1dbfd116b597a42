import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';

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

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const open = async (subject: string, extra: object = {}) => {
  const r = await api('POST', '/api/v1/tickets', { subject, body: 'Help', email: `c-${run}@example.com`, ...extra });
  expect(r.statusCode).toBe(201);
  return r.json();
};

describe('tickets', () => {
  it('opens a ticket, shows it in the views, and finds it by its words', async () => {
    const ticket = await open(`Invoice question ${run}`, { priority: 'high' });
    expect(ticket).toMatchObject({ status: 'new', priority: 'high', channel: 'api', contact: { email: `c-${run}@example.com` }, assignee: null });
    expect(ticket.customer.contact.email).toBe(`c-${run}@example.com`);
    const view = async (v: string) => (await api('GET', `/api/v1/tickets?view=${v}`)).json().data.map((d: { id: number }) => d.id);
    expect(await view('unassigned')).toContain(ticket.id);
    expect(await view('mine')).not.toContain(ticket.id);
    await api('PATCH', `/api/v1/tickets/${ticket.id}`, { assigneeId: ws.owner.actor.userId });
    expect(await view('mine')).toContain(ticket.id);
    expect(await view('unassigned')).not.toContain(ticket.id);
    expect((await api('GET', `/api/v1/tickets?view=all&q=${encodeURIComponent(`invoice question ${run}`)}`)).json().data.map((d: { id: number }) => d.id)).toEqual([ticket.id]);
    expect((await api('GET', '/api/v1/tickets?view=all&q=nothing-like-this-anywhere')).json().data).toEqual([]);
  });

  it('strips CR/LF from a subject, so it cannot add headers to the reply', async () => {
    const ticket = await open('Hello\r\nBcc: victim@example.com');
    expect(ticket.subject).toBe('Hello Bcc: victim@example.com');
  });

  it('pages with a keyset cursor and refuses a tampered one', async () => {
    for (let i = 0; i < 3; i++) await open(`Paged ${run} ${i}`);
    const first = (await api('GET', '/api/v1/tickets?view=all&limit=2')).json();
    expect(first.data).toHaveLength(2);
    const second = (await api('GET', `/api/v1/tickets?view=all&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.data[0].id).toBeLessThan(first.data[1].id);
    expect((await api('GET', '/api/v1/tickets?view=all&cursor=not-a-cursor')).statusCode).toBe(400);
  });

  it('computes SLA due times from the policy, pauses them while pending, and shows met or breached', async () => {
    const hours = await t.ctx.db.insertInto('business_hours').values({ workspace_id: ws.id, name: '24/7', time_zone: 'UTC', weekly: JSON.stringify(Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, [{ start: 0, end: 1440 }]]))) }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('sla_policies').values({ workspace_id: ws.id, name: 'Urgent', priority: 'urgent', first_response_minutes: 60, resolution_minutes: 480, business_hours_id: hours.id }).execute();
    const ticket = await open(`Down ${run}`, { priority: 'urgent' });
    const created = new Date(ticket.createdAt).getTime();
    expect(new Date(ticket.sla.firstResponse.dueAt).getTime() - created).toBeGreaterThanOrEqual(59 * 60_000);
    expect(ticket.sla.firstResponse.state).toBe('running');
    const note = await api('POST', `/api/v1/tickets/${ticket.id}/messages`, { kind: 'note', body: 'looking' });
    expect(note.statusCode).toBe(201);
    const pending = (await api('PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'pending' })).json();
    expect(pending.sla.resolution.state).toBe('paused');
    // Pretend the pause lasted an hour: leaving pending moves the resolution due time by that hour.
    await t.ctx.db.updateTable('tickets').set({ paused_since: new Date(Date.now() - 3600_000) }).where('id', '=', ticket.id).execute();
    const reopened = (await api('PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'open' })).json();
    const shift = new Date(reopened.sla.resolution.dueAt).getTime() - new Date(pending.sla.resolution.dueAt).getTime();
    expect(Math.round(shift / 60_000)).toBe(60);
    const solved = (await api('PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'solved' })).json();
    expect(solved.sla.resolution.state).toBe('met');
  });

  it('merges one ticket into another, moving its messages', async () => {
    const a = await open(`First ${run}`);
    const b = await open(`Second ${run}`);
    const merged = await api('POST', `/api/v1/tickets/${b.id}/merge`, { intoTicketId: a.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().messages).toHaveLength(2);
    const gone = (await api('GET', `/api/v1/tickets/${b.id}`)).json();
    expect(gone).toMatchObject({ status: 'closed', mergedIntoId: a.id });
    expect((await api('POST', `/api/v1/tickets/${a.id}/merge`, { intoTicketId: a.id })).statusCode).toBe(400);
    expect((await api('POST', `/api/v1/tickets/${b.id}/messages`, { kind: 'note', body: 'x' })).statusCode).toBe(400);
  });

  it('is invisible to another workspace, and to roles that do not work tickets', async () => {
    const ticket = await open(`Private ${run}`);
    expect((await api('GET', `/api/v1/tickets/${ticket.id}`, undefined, other.owner.headers)).statusCode).toBe(404);
    expect((await api('PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'closed' }, other.owner.headers)).statusCode).toBe(404);
    const sales = await ws.as('sales');
    expect((await api('GET', `/api/v1/tickets/${ticket.id}`, undefined, sales.headers)).statusCode).toBe(200);
    expect((await api('PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'closed' }, sales.headers)).statusCode).toBe(403);
    const support = await ws.as('support');
    const seen = (await api('GET', `/api/v1/tickets/${ticket.id}`, undefined, support.headers)).json();
    expect(seen.customer.deals).toBeNull();
    // Ticket events are on the contact's timeline for support, and hidden from marketing.
    const kinds = async (headers: { cookie: string }) => (await api('GET', `/api/v1/contacts/${ticket.contact.id}/timeline`, undefined, headers)).json().data.map((e: { kind: string }) => e.kind);
    expect(await kinds(support.headers)).toContain('ticket_created');
    expect(await kinds((await ws.as('marketing')).headers)).not.toContain('ticket_created');
  });
});
