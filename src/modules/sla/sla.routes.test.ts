import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  other = await newWorkspace(t.ctx);
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const weekdays = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: 9 * 60, end: 17 * 60 }]]));

describe('business hours', () => {
  it('creates, reads, changes and deletes hours, each step audited', async () => {
    const created = await api('POST', '/api/v1/business-hours', { name: 'Berlin office', timeZone: 'Europe/Berlin', weekly: weekdays, holidays: ['2026-12-25', '2026-12-24', '2026-12-25'] });
    expect(created.statusCode).toBe(201);
    const h = created.json();
    expect(h).toMatchObject({ name: 'Berlin office', timeZone: 'Europe/Berlin', holidays: ['2026-12-24', '2026-12-25'] });
    expect(h.weekly['1']).toEqual([{ start: 540, end: 1020 }]);
    expect((await api('GET', '/api/v1/business-hours')).json().data.map((x: { id: number }) => x.id)).toContain(h.id);
    const changed = await api('PATCH', `/api/v1/business-hours/${h.id}`, { holidays: ['2027-01-01'] });
    expect(changed.json()).toMatchObject({ name: 'Berlin office', holidays: ['2027-01-01'] });
    expect((await api('DELETE', `/api/v1/business-hours/${h.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/business-hours/${h.id}`)).statusCode).toBe(404);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('workspace_id', '=', ws.id).where('entity', '=', 'business_hours').where('entity_id', '=', h.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('refuses an unknown time zone, a span that ends before it starts, and a week without hours', async () => {
    const bad = async (payload: object) => (await api('POST', '/api/v1/business-hours', { name: 'x', timeZone: 'UTC', weekly: weekdays, ...payload })).statusCode;
    expect(await bad({ timeZone: 'Mars/Olympus' })).toBe(400);
    expect(await bad({ weekly: { 1: [{ start: 600, end: 540 }] } })).toBe(400);
    expect(await bad({ weekly: {} })).toBe(400);
    expect(await bad({ holidays: ['25.12.2026'] })).toBe(400);
  });

  it('will not delete hours a policy counts on', async () => {
    const h = (await api('POST', '/api/v1/business-hours', { name: 'Used', timeZone: 'UTC', weekly: weekdays })).json();
    const p = (await api('POST', '/api/v1/sla-policies', { name: 'On hours', firstResponseMinutes: 60, businessHoursId: h.id })).json();
    const refused = await api('DELETE', `/api/v1/business-hours/${h.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.policies).toEqual(['On hours']);
    await api('DELETE', `/api/v1/sla-policies/${p.id}`);
    expect((await api('DELETE', `/api/v1/business-hours/${h.id}`)).statusCode).toBe(204);
  });
});

describe('SLA policies', () => {
  it('creates a policy that sets the due times of new tickets, and changes it', async () => {
    const h = (await api('POST', '/api/v1/business-hours', { name: 'Always', timeZone: 'UTC', weekly: Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, [{ start: 0, end: 1440 }]])) })).json();
    const created = await api('POST', '/api/v1/sla-policies', { name: 'High', priority: 'high', firstResponseMinutes: 30, resolutionMinutes: 240, warnBeforeMinutes: 10, businessHoursId: h.id });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ priority: 'high', inboxId: null, firstResponseMinutes: 30, nextResponseMinutes: null, warnBeforeMinutes: 10 });
    const ticket = (await api('POST', '/api/v1/tickets', { subject: 'Policy check', body: 'x', email: 'sla-policy@example.com', priority: 'high' })).json();
    expect(new Date(ticket.sla.firstResponse.dueAt).getTime() - new Date(ticket.createdAt).getTime()).toBeGreaterThanOrEqual(29 * 60_000);
    expect(ticket.sla.resolution.state).toBe('running');
    const changed = (await api('PATCH', `/api/v1/sla-policies/${p.id}`, { warnBeforeMinutes: 45, nextResponseMinutes: 120 })).json();
    expect(changed).toMatchObject({ warnBeforeMinutes: 45, nextResponseMinutes: 120, firstResponseMinutes: 30 });
    expect((await api('PATCH', `/api/v1/sla-policies/${p.id}`, { firstResponseMinutes: null, resolutionMinutes: null, nextResponseMinutes: null })).statusCode).toBe(400);
    expect((await api('DELETE', `/api/v1/sla-policies/${p.id}`)).statusCode).toBe(204);
  });

  it('needs a target, and names only inboxes and hours of its own workspace', async () => {
    expect((await api('POST', '/api/v1/sla-policies', { name: 'Empty' })).statusCode).toBe(400);
    const foreignHours = (await api('POST', '/api/v1/business-hours', { name: 'Theirs', timeZone: 'UTC', weekly: weekdays }, other.owner.headers)).json();
    const r = await api('POST', '/api/v1/sla-policies', { name: 'Sneaky', firstResponseMinutes: 5, businessHoursId: foreignHours.id });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.fields[0].path).toBe('businessHoursId');
    expect((await api('GET', `/api/v1/business-hours/${foreignHours.id}`)).statusCode).toBe(404);
    expect((await api('PATCH', `/api/v1/business-hours/${foreignHours.id}`, { name: 'Mine now' })).statusCode).toBe(404);
  });

  it('lets agents read the settings but only tickets:manage change them', async () => {
    const support = await ws.as('support');
    expect((await api('GET', '/api/v1/sla-policies', undefined, support.headers)).statusCode).toBe(200);
    expect((await api('POST', '/api/v1/sla-policies', { name: 'No', firstResponseMinutes: 5 }, support.headers)).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/business-hours', { name: 'No', timeZone: 'UTC', weekly: weekdays }, support.headers)).statusCode).toBe(403);
    for (const role of ['marketing', 'agency'] as const) {
      const headers = (await ws.as(role)).headers;
      expect((await api('GET', '/api/v1/sla-policies', undefined, headers)).statusCode).toBe(403);
      expect((await api('GET', '/api/v1/business-hours', undefined, headers)).statusCode).toBe(403);
    }
  });
});
