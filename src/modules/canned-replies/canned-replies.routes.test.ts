import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let other: TestWorkspace;
let ticketId: number;

beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  other = await newWorkspace(t.ctx);
  const contact = (await api('POST', '/api/v1/contacts', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada-canned@example.com' })).json();
  ticketId = (await api('POST', '/api/v1/tickets', { subject: 'Engine stuck', body: 'help', contactId: contact.id })).json().id;
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });

describe('canned replies', () => {
  it('renders contact, ticket and agent into the reply, with fallbacks for what is missing', async () => {
    const r = (await api('POST', '/api/v1/canned-replies', { name: 'Hello', body: 'Hi {{ contact.first_name | default: "there" }}, about #{{ ticket.id }} ({{ ticket.subject }}): {{ nothing.here }}done. {{ agent.name }}', shared: true })).json();
    const rendered = await api('POST', `/api/v1/canned-replies/${r.id}/render`, { ticketId });
    expect(rendered.statusCode).toBe(200);
    expect(rendered.json()).toEqual({ body: `Hi Ada, about #${ticketId} (Engine stuck): done. owner user` });
    const nameless = (await api('POST', '/api/v1/tickets', { subject: 'Anon', body: 'x', email: 'nameless-canned@example.com' })).json();
    expect((await api('POST', `/api/v1/canned-replies/${r.id}/render`, { ticketId: nameless.id })).json().body).toMatch(/^Hi there, about/);
  });

  it('lists shared replies to everyone and personal ones to their author only, as { items }', async () => {
    const support = await ws.as('support');
    const mine = (await api('POST', '/api/v1/canned-replies', { name: 'Support only', body: 'Thanks!' }, support.headers)).json();
    expect(mine.shared).toBe(false);
    const forSupport = (await api('GET', '/api/v1/canned-replies', undefined, support.headers)).json();
    expect(forSupport.items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['Hello', 'Support only']));
    expect(Object.keys(forSupport.items[0]).sort()).toEqual(expect.arrayContaining(['id', 'name', 'body', 'shared']));
    const forOwner = (await api('GET', '/api/v1/canned-replies')).json();
    expect(forOwner.items.map((i: { id: number }) => i.id)).not.toContain(mine.id);
    // Someone else's personal reply does not exist for the owner, whatever the role.
    expect((await api('PATCH', `/api/v1/canned-replies/${mine.id}`, { name: 'Hijack' })).statusCode).toBe(404);
    expect((await api('POST', `/api/v1/canned-replies/${mine.id}/render`, { ticketId })).statusCode).toBe(404);
    expect((await api('PATCH', `/api/v1/canned-replies/${mine.id}`, { body: 'Thanks a lot!' }, support.headers)).json().body).toBe('Thanks a lot!');
  });

  it('keeps shared replies for tickets:manage to change, and refuses broken Liquid', async () => {
    const support = await ws.as('support');
    const shared = (await api('GET', '/api/v1/canned-replies', undefined, support.headers)).json().items.find((i: { name: string }) => i.name === 'Hello');
    expect((await api('PATCH', `/api/v1/canned-replies/${shared.id}`, { name: 'Mine' }, support.headers)).statusCode).toBe(403);
    expect((await api('DELETE', `/api/v1/canned-replies/${shared.id}`, undefined, support.headers)).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/canned-replies', { name: 'Team', body: 'x', shared: true }, support.headers)).statusCode).toBe(403);
    const broken = await api('POST', '/api/v1/canned-replies', { name: 'Broken', body: 'Hi {% if %}' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details.fields[0].path).toBe('body');
    const gone = (await api('POST', '/api/v1/canned-replies', { name: 'Temp', body: 'bye', shared: true })).json();
    expect((await api('DELETE', `/api/v1/canned-replies/${gone.id}`)).statusCode).toBe(204);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'canned_reply').where('entity_id', '=', gone.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
  });

  it('is invisible across workspaces and to roles without tickets', async () => {
    const shared = (await api('GET', '/api/v1/canned-replies')).json().items[0];
    expect((await api('POST', `/api/v1/canned-replies/${shared.id}/render`, { ticketId }, other.owner.headers)).statusCode).toBe(404);
    expect((await api('GET', '/api/v1/canned-replies', undefined, other.owner.headers)).json().items).toEqual([]);
    const foreignTicket = (await api('POST', '/api/v1/tickets', { subject: 'Other', body: 'x', email: 'o@example.com' }, other.owner.headers)).json();
    expect((await api('POST', `/api/v1/canned-replies/${shared.id}/render`, { ticketId: foreignTicket.id })).statusCode).toBe(400);
    for (const role of ['marketing', 'agency', 'sales'] as const) {
      expect((await api('GET', '/api/v1/canned-replies', undefined, (await ws.as(role)).headers)).statusCode).toBe(403);
    }
  });
});
