import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/db/schema.js';
import { ROLES, ROLE_PERMISSIONS, type Permission } from '../src/modules/auth/permissions.js';
import { createTestApp } from './context.js';
import { newWorkspace, type TestWorkspace } from './factories.js';

/**
 * The permission matrix (as isolation.test.ts proves it for the older endpoints) for the help
 * desk's settings, canned replies, bulk actions and reports: each role gets 403 exactly where
 * docs/permissions.md says so. Marketing and agency reach none of them.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let a: TestWorkspace;
const ids: Record<string, number> = {};
const unique = () => Math.random().toString(36).slice(2, 8);
const week = { 1: [{ start: 540, end: 1020 }] };

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
async function call(method: Method, url: string, headers: object, payload?: object) {
  const res = await t.app.inject({ method, url, headers: headers as Record<string, string>, payload });
  return { status: res.statusCode, body: res.body && String(res.headers['content-type']).includes('json') ? JSON.parse(res.body) : null };
}
async function fresh(path: string, payload: object): Promise<string> {
  const res = await call('POST', `/api/v1/${path}`, a.owner.headers, payload);
  if (res.status !== 201) throw new Error(`${path}: ${JSON.stringify(res.body)}`);
  return `/api/v1/${path}/${res.body.id}`;
}

beforeAll(async () => {
  t = await createTestApp();
  a = await newWorkspace(t.ctx, 'Help desk A');
  const h = a.owner.headers;
  ids.hours = (await call('POST', '/api/v1/business-hours', h, { name: 'Office', timeZone: 'UTC', weekly: week })).body.id;
  ids.policy = (await call('POST', '/api/v1/sla-policies', h, { name: 'Base', firstResponseMinutes: 60 })).body.id;
  ids.reply = (await call('POST', '/api/v1/canned-replies', h, { name: 'Shared', body: 'Hi {{ contact.first_name }}', shared: true })).body.id;
  ids.ticket = (await call('POST', '/api/v1/tickets', h, { subject: 'Matrix', body: 'x', email: `matrix-${unique()}@example.com` })).body.id;
  for (const role of ROLES) await a.as(role);
}, 120_000);
afterAll(() => t.close());

const endpoints: { name: string; method: Method; url: () => string | Promise<string>; payload?: () => object; needs: Permission[] }[] = [
  { name: 'list business hours', method: 'GET', url: () => '/api/v1/business-hours', needs: ['tickets:read'] },
  { name: 'get business hours', method: 'GET', url: () => `/api/v1/business-hours/${ids.hours}`, needs: ['tickets:read'] },
  { name: 'create business hours', method: 'POST', url: () => '/api/v1/business-hours', payload: () => ({ name: unique(), timeZone: 'UTC', weekly: week }), needs: ['tickets:manage'] },
  { name: 'update business hours', method: 'PATCH', url: () => `/api/v1/business-hours/${ids.hours}`, payload: () => ({ holidays: ['2030-01-01'] }), needs: ['tickets:manage'] },
  { name: 'delete business hours', method: 'DELETE', url: () => fresh('business-hours', { name: unique(), timeZone: 'UTC', weekly: week }), needs: ['tickets:manage'] },
  { name: 'list SLA policies', method: 'GET', url: () => '/api/v1/sla-policies', needs: ['tickets:read'] },
  { name: 'get SLA policy', method: 'GET', url: () => `/api/v1/sla-policies/${ids.policy}`, needs: ['tickets:read'] },
  { name: 'create SLA policy', method: 'POST', url: () => '/api/v1/sla-policies', payload: () => ({ name: unique(), resolutionMinutes: 600 }), needs: ['tickets:manage'] },
  { name: 'update SLA policy', method: 'PATCH', url: () => `/api/v1/sla-policies/${ids.policy}`, payload: () => ({ warnBeforeMinutes: 20 }), needs: ['tickets:manage'] },
  { name: 'delete SLA policy', method: 'DELETE', url: () => fresh('sla-policies', { name: unique(), firstResponseMinutes: 5 }), needs: ['tickets:manage'] },
  { name: 'list canned replies', method: 'GET', url: () => '/api/v1/canned-replies', needs: ['tickets:write'] },
  { name: 'add a personal canned reply', method: 'POST', url: () => '/api/v1/canned-replies', payload: () => ({ name: unique(), body: 'Thanks' }), needs: ['tickets:write'] },
  { name: 'add a shared canned reply', method: 'POST', url: () => '/api/v1/canned-replies', payload: () => ({ name: unique(), body: 'Thanks', shared: true }), needs: ['tickets:manage'] },
  { name: 'change a shared canned reply', method: 'PATCH', url: () => `/api/v1/canned-replies/${ids.reply}`, payload: () => ({ body: 'Hello {{ contact.first_name }}' }), needs: ['tickets:manage'] },
  { name: 'render a canned reply', method: 'POST', url: () => `/api/v1/canned-replies/${ids.reply}/render`, payload: () => ({ ticketId: ids.ticket }), needs: ['tickets:write'] },
  { name: 'bulk-update tickets', method: 'POST', url: () => '/api/v1/tickets/bulk', payload: () => ({ ids: [ids.ticket], action: { type: 'tag', tags: [unique()] } }), needs: ['tickets:write'] },
  { name: 'support report', method: 'GET', url: () => '/api/v1/reports/support', needs: ['reports:support'] },
  { name: 'support report CSV', method: 'GET', url: () => '/api/v1/reports/support?groupBy=agent&format=csv', needs: ['reports:support'] },
];

describe('help desk permission matrix', () => {
  for (const role of ROLES as readonly Role[]) {
    for (const e of endpoints) {
      const allowed = e.needs.every((p) => ROLE_PERMISSIONS[role].has(p));
      it(`${role} ${allowed ? 'may' : 'may not'} ${e.name}`, async () => {
        const res = await call(e.method, await e.url(), (await a.as(role)).headers, e.payload?.());
        if (allowed) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
        else {
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe('FORBIDDEN');
        }
      });
    }
  }

  it('keeps every help-desk endpoint from marketing and agency', () => {
    for (const role of ['marketing', 'agency'] as const) {
      expect(endpoints.filter((e) => e.needs.every((p) => ROLE_PERMISSIONS[role].has(p))).map((e) => e.name)).toEqual([]);
    }
  });
});
