import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/db/schema.js';
import { PERMISSIONS, ROLES, ROLE_PERMISSIONS, type Permission } from '../src/modules/auth/permissions.js';
import { createTestApp } from './context.js';
import { newWorkspace, PASSWORD, type TestWorkspace } from './factories.js';

/**
 * Two workspaces and every role. Proves (1) each role gets 403 exactly where the permission
 * matrix says so, and (2) no endpoint returns or changes another workspace's records.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let a: TestWorkspace;
let b: TestWorkspace;
const ids: Record<string, number> = {};

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface Endpoint {
  name: string;
  method: Method;
  /** May create a fresh record (as the owner) for a delete to remove. */
  url: () => string | Promise<string>;
  payload?: () => object;
  needs: Permission[];
}

async function json(method: Method, url: string, headers: object, payload?: object) {
  const res = await t.app.inject({ method, url, headers: headers as Record<string, string>, payload });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body || 'null') : null };
}

beforeAll(async () => {
  t = await createTestApp();
  a = await newWorkspace(t.ctx, 'A');
  b = await newWorkspace(t.ctx, 'B');
  const h = a.owner.headers;
  ids.field = (await json('POST', '/api/v1/custom-fields', h, { entity: 'contact', key: 'tier', label: 'Tier', type: 'text' })).body.id;
  ids.contact = (await json('POST', '/api/v1/contacts', h, { firstName: 'Secret', lastName: 'Alpha', email: 'secret@a.example', custom: { tier: 'x' } })).body.id;
  ids.note = (await json('POST', `/api/v1/contacts/${ids.contact}/notes`, h, { body: 'alpha-only note' })).body.id;
  ids.company = (await json('POST', '/api/v1/companies', h, { name: 'Secret Alpha Ltd', domain: 'alpha-secret.example' })).body.id;
  ids.user = a.owner.actor.userId!;
  const pipeline = (await json('POST', '/api/v1/pipelines', h, { name: 'Alpha pipeline', stages: [{ name: 'One', probability: 10 }, { name: 'Two', probability: 60 }] })).body;
  [ids.pipeline, ids.stage1, ids.stage2] = [pipeline.id, pipeline.stages[0].id, pipeline.stages[1].id];
  // Owned by the sales user, so every role allowed to read deals sees it (sales see their own).
  ids.deal = (await json('POST', '/api/v1/deals', h, { title: 'Secret alpha deal', value: 100, currency: 'EUR', pipelineId: ids.pipeline, contactIds: [ids.contact], ownerId: (await a.as('sales')).actor.userId })).body.id;
  ids.cost = (await json('POST', `/api/v1/deals/${ids.deal}/costs`, h, { label: 'alpha cost', amount: 5, date: '2025-01-01' })).body.id;
  ids.lostReason = (await json('POST', '/api/v1/lost-reasons', h, { label: 'Alpha reason' })).body.id;
  ids.activity = (await json('POST', '/api/v1/activities', h, { type: 'meeting', subject: 'Secret alpha meeting', startAt: '2030-01-01T09:00:00Z', endAt: '2030-01-01T10:00:00Z', contactId: ids.contact })).body.id;
  // Named after the company so the "lists never include" check below covers it too.
  ids.list = (await json('POST', '/api/v1/lists', h, { name: 'Secret Alpha Ltd newsletter' })).body.id;
  await json('POST', `/api/v1/lists/${ids.list}/members`, h, { contactIds: [ids.contact], consent: { source: 'admin', lawfulBasis: 'consent', proof: 'isolation fixture' } });
  ids.form = (await json('POST', '/api/v1/forms', h, { name: 'Alpha form', listIds: [ids.list], consentText: 'Yes', fields: [{ key: 'email', label: 'Email' }] })).body.id;
  ids.suppression = (await json('POST', '/api/v1/suppressions', h, { email: 'suppressed@a.example' })).body.id;
  for (const role of ROLES) await a.as(role);
}, 120_000);
afterAll(async () => t.close());

/** A new record made by the owner of workspace A, for one delete probe. */
async function fresh(path: string, payload: object): Promise<string> {
  const res = await json('POST', `/api/v1/${path}`, a.owner.headers, payload);
  if (res.status !== 201) throw new Error(`${path}: ${JSON.stringify(res.body)}`);
  return `/api/v1/${path}/${res.body.id}`;
}
const unique = () => Math.random().toString(36).slice(2, 8);

// Each endpoint with the permissions it requires. Writes use fresh records so order doesn't matter.
const endpoints: Endpoint[] = [
  { name: 'list contacts', method: 'GET', url: () => '/api/v1/contacts', needs: ['contacts:read'] },
  { name: 'get contact', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}`, needs: ['contacts:read'] },
  { name: 'contact timeline', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}/timeline`, needs: ['contacts:read'] },
  { name: 'create contact', method: 'POST', url: () => '/api/v1/contacts', payload: () => ({ firstName: 'Role', lastName: 'Probe' }), needs: ['contacts:write'] },
  { name: 'update contact', method: 'PATCH', url: () => `/api/v1/contacts/${ids.contact}`, payload: () => ({ jobTitle: 'Probe' }), needs: ['contacts:write'] },
  { name: 'duplicates', method: 'GET', url: () => '/api/v1/contacts/duplicates', needs: ['contacts:read'] },
  { name: 'read notes', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}/notes`, needs: ['notes:read'] },
  { name: 'add note', method: 'POST', url: () => `/api/v1/contacts/${ids.contact}/notes`, payload: () => ({ body: 'probe' }), needs: ['notes:write'] },
  { name: 'list custom fields', method: 'GET', url: () => '/api/v1/custom-fields', needs: ['contacts:read'] },
  { name: 'define custom field', method: 'POST', url: () => '/api/v1/custom-fields', payload: () => ({ entity: 'contact', key: `k${Math.random().toString(36).slice(2, 8)}`, label: 'K', type: 'text' }), needs: ['custom_fields:manage'] },
  { name: 'list companies', method: 'GET', url: () => '/api/v1/companies', needs: ['companies:read'] },
  { name: 'get company', method: 'GET', url: () => `/api/v1/companies/${ids.company}`, needs: ['companies:read'] },
  { name: 'create company', method: 'POST', url: () => '/api/v1/companies', payload: () => ({ name: 'Probe Inc' }), needs: ['companies:write'] },
  { name: 'update company', method: 'PATCH', url: () => `/api/v1/companies/${ids.company}`, payload: () => ({ industry: 'Probing' }), needs: ['companies:write'] },
  { name: 'company notes', method: 'GET', url: () => `/api/v1/companies/${ids.company}/notes`, needs: ['notes:read'] },
  { name: 'list users', method: 'GET', url: () => '/api/v1/users', needs: ['users:read'] },
  { name: 'invite user', method: 'POST', url: () => '/api/v1/users/invites', payload: () => ({ email: `i${Math.random().toString(36).slice(2, 8)}@a.example`, role: 'sales' }), needs: ['users:manage'] },
  { name: 'list api keys', method: 'GET', url: () => '/api/v1/api-keys', needs: ['api_keys:manage'] },
  { name: 'audit log', method: 'GET', url: () => '/api/v1/audit-log', needs: ['audit:read'] },
  { name: 'list pipelines', method: 'GET', url: () => '/api/v1/pipelines', needs: ['deals:read'] },
  { name: 'create pipeline', method: 'POST', url: () => '/api/v1/pipelines', payload: () => ({ name: 'Probe', stages: [{ name: 'A', probability: 5 }] }), needs: ['pipelines:manage'] },
  { name: 'list lost reasons', method: 'GET', url: () => '/api/v1/lost-reasons', needs: ['deals:read'] },
  { name: 'add lost reason', method: 'POST', url: () => '/api/v1/lost-reasons', payload: () => ({ label: `r${Math.random().toString(36).slice(2, 8)}` }), needs: ['pipelines:manage'] },
  { name: 'kanban board', method: 'GET', url: () => `/api/v1/pipelines/${ids.pipeline}/board`, needs: ['deals:read'] },
  { name: 'list deals', method: 'GET', url: () => '/api/v1/deals', needs: ['deals:read'] },
  { name: 'create deal', method: 'POST', url: () => '/api/v1/deals', payload: () => ({ title: 'Probe', value: 1, currency: 'EUR', pipelineId: ids.pipeline }), needs: ['deals:write'] },
  { name: 'get deal', method: 'GET', url: () => `/api/v1/deals/${ids.deal}`, needs: ['deals:read'] },
  { name: 'update deal', method: 'PATCH', url: () => `/api/v1/deals/${ids.deal}`, payload: () => ({ tags: ['probe'] }), needs: ['deals:write'] },
  { name: 'move deal', method: 'POST', url: () => `/api/v1/deals/${ids.deal}/move`, payload: () => ({ stageId: ids.stage2 }), needs: ['deals:write'] },
  { name: 'deal history', method: 'GET', url: () => `/api/v1/deals/${ids.deal}/history`, needs: ['deals:read'] },
  { name: 'deal timeline', method: 'GET', url: () => `/api/v1/deals/${ids.deal}/timeline`, needs: ['deals:read'] },
  { name: 'deal costs', method: 'GET', url: () => `/api/v1/deals/${ids.deal}/costs`, needs: ['deals:read'] },
  { name: 'add deal cost', method: 'POST', url: () => `/api/v1/deals/${ids.deal}/costs`, payload: () => ({ label: 'probe', amount: 1, date: '2025-01-02' }), needs: ['deals:write'] },
  { name: 'list activities', method: 'GET', url: () => '/api/v1/activities', needs: ['activities:read'] },
  { name: 'get activity', method: 'GET', url: () => `/api/v1/activities/${ids.activity}`, needs: ['activities:read'] },
  { name: 'create activity', method: 'POST', url: () => '/api/v1/activities', payload: () => ({ type: 'task', subject: 'probe' }), needs: ['activities:write'] },
  { name: 'my day', method: 'GET', url: () => '/api/v1/tasks/my-day', needs: ['activities:read'] },
  { name: 'notifications', method: 'GET', url: () => '/api/v1/notifications', needs: [] },
  { name: 'forecast report', method: 'GET', url: () => '/api/v1/reports/forecast', needs: ['reports:sales'] },
  { name: 'funnel report', method: 'GET', url: () => `/api/v1/reports/funnel?pipelineId=${ids.pipeline}`, needs: ['reports:sales'] },
  { name: 'sales performance report', method: 'GET', url: () => '/api/v1/reports/sales-performance', needs: ['reports:sales'] },
  { name: 'workload report', method: 'GET', url: () => '/api/v1/reports/workload', needs: ['reports:sales'] },
  { name: 'profitability report', method: 'GET', url: () => '/api/v1/reports/profitability', needs: ['reports:sales'] },
  { name: 'workspace settings', method: 'GET', url: () => '/api/v1/workspace', needs: ['workspace:manage'] },
  { name: 'list lists', method: 'GET', url: () => '/api/v1/lists', needs: ['lists:read'] },
  { name: 'get list', method: 'GET', url: () => `/api/v1/lists/${ids.list}`, needs: ['lists:read'] },
  { name: 'create list', method: 'POST', url: () => '/api/v1/lists', payload: () => ({ name: `l${Math.random().toString(36).slice(2, 8)}` }), needs: ['lists:write'] },
  { name: 'update list', method: 'PATCH', url: () => `/api/v1/lists/${ids.list}`, payload: () => ({ description: 'probe' }), needs: ['lists:write'] },
  { name: 'list members', method: 'GET', url: () => `/api/v1/lists/${ids.list}/members`, needs: ['lists:read', 'contacts:read'] },
  { name: 'set list members', method: 'POST', url: () => `/api/v1/lists/${ids.list}/members`, payload: () => ({ contactIds: [ids.contact], consent: { source: 'admin', lawfulBasis: 'consent', proof: 'isolation fixture' } }), needs: ['lists:write'] },
  { name: 'list forms', method: 'GET', url: () => '/api/v1/forms', needs: ['lists:read'] },
  { name: 'form embed', method: 'GET', url: () => `/api/v1/forms/${ids.form}/embed`, needs: ['lists:read'] },
  { name: 'update form', method: 'PATCH', url: () => `/api/v1/forms/${ids.form}`, payload: () => ({ name: 'Probe' }), needs: ['lists:write'] },
  { name: 'list suppressions', method: 'GET', url: () => '/api/v1/suppressions', needs: ['lists:read'] },
  { name: 'add suppression', method: 'POST', url: () => '/api/v1/suppressions', payload: () => ({ email: `s${Math.random().toString(36).slice(2, 8)}@a.example` }), needs: ['lists:write'] },
  { name: 'GDPR export', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}/export`, needs: ['contacts:gdpr'] },
  { name: 'record consent', method: 'POST', url: () => `/api/v1/contacts/${ids.contact}/consents`, payload: () => ({ channel: 'email', status: 'granted', source: 'ui' }), needs: ['lists:write'] },
  { name: 'list segments', method: 'GET', url: () => '/api/v1/segments', needs: ['segments:read'] },
  { name: 'create segment', method: 'POST', url: () => '/api/v1/segments', payload: () => ({ name: `s${unique()}`, tree: { type: 'tags', op: 'hasAny', tags: ['vip'] } }), needs: ['segments:write'] },
  // Deletes, each of a fresh record.
  { name: 'delete contact', method: 'DELETE', url: () => fresh('contacts', { firstName: 'Delete', lastName: 'Probe' }), needs: ['contacts:delete'] },
  { name: 'delete company', method: 'DELETE', url: () => fresh('companies', { name: `Delete probe ${unique()}` }), needs: ['companies:delete'] },
  { name: 'delete deal', method: 'DELETE', url: async () => fresh('deals', { title: 'Delete probe', value: 1, currency: 'EUR', pipelineId: ids.pipeline, ownerId: (await a.as('sales')).actor.userId }), needs: ['deals:delete'] },
  { name: 'delete activity', method: 'DELETE', url: () => fresh('activities', { type: 'task', subject: 'Delete probe' }), needs: ['activities:write'] },
  { name: 'delete list', method: 'DELETE', url: () => fresh('lists', { name: `Delete probe ${unique()}` }), needs: ['lists:delete'] },
  { name: 'delete segment', method: 'DELETE', url: () => fresh('segments', { name: `Delete probe ${unique()}`, tree: { type: 'tags', op: 'hasAny', tags: ['vip'] } }), needs: ['segments:delete'] },
  { name: 'contact consents', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}/consents`, needs: ['lists:read', 'contacts:read'] },
];

describe('permission matrix', () => {
  for (const role of ROLES as readonly Role[]) {
    for (const e of endpoints) {
      const allowed = e.needs.every((p) => ROLE_PERMISSIONS[role].has(p));
      it(`${role} ${allowed ? 'may' : 'may not'} ${e.name}`, async () => {
        const user = await a.as(role);
        const res = await json(e.method, await e.url(), user.headers, e.payload?.());
        if (allowed) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
        else {
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe('FORBIDDEN');
        }
      });
    }
  }

  it('lets an agency create and edit marketing assets but delete or manage nothing', () => {
    const agency = ROLE_PERMISSIONS.agency;
    for (const p of ['contacts:write', 'segments:write', 'lists:write'] as const) expect(agency.has(p), p).toBe(true);
    const refused = PERMISSIONS.filter((p) => p.endsWith(':delete') || p.endsWith(':manage') || p === 'imports:run' || p === 'exports:run');
    expect(refused.filter((p) => agency.has(p))).toEqual([]);
    expect(refused).toEqual(expect.arrayContaining(['lists:delete', 'segments:delete', 'contacts:delete', 'users:manage', 'api_keys:manage', 'workspace:manage']));
  });

  it('hides note events from the timelines of roles that cannot read notes', async () => {
    for (const role of ['marketing', 'agency'] as const) {
      const events = (await json('GET', `/api/v1/contacts/${ids.contact}/timeline`, (await a.as(role)).headers)).body.data;
      expect(events.some((e: { kind: string }) => e.kind.startsWith('note_'))).toBe(false);
    }
    const ownerEvents = (await json('GET', `/api/v1/contacts/${ids.contact}/timeline`, a.owner.headers)).body.data;
    expect(ownerEvents.some((e: { kind: string }) => e.kind === 'note_added')).toBe(true);
  });

  it('does not let roles without notes:read find contacts by note text', async () => {
    const marketing = await a.as('marketing');
    expect((await json('GET', '/api/v1/contacts?q=alpha-only', marketing.headers)).body.data).toHaveLength(0);
    expect((await json('GET', '/api/v1/contacts?q=alpha-only', a.owner.headers)).body.data).toHaveLength(1);
  });
});

describe('workspace isolation', () => {
  const foreign: { name: string; method: Method; url: () => string; payload?: () => object }[] = [
    { name: 'get contact', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}` },
    { name: 'update contact', method: 'PATCH', url: () => `/api/v1/contacts/${ids.contact}`, payload: () => ({ firstName: 'Hijacked' }) },
    { name: 'tag contact', method: 'POST', url: () => `/api/v1/contacts/${ids.contact}/tags`, payload: () => ({ tags: ['hijacked'] }) },
    { name: 'timeline', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}/timeline` },
    { name: 'notes', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}/notes` },
    { name: 'add note', method: 'POST', url: () => `/api/v1/contacts/${ids.contact}/notes`, payload: () => ({ body: 'x' }) },
    { name: 'delete note', method: 'DELETE', url: () => `/api/v1/notes/${ids.note}` },
    { name: 'update custom field', method: 'PATCH', url: () => `/api/v1/custom-fields/${ids.field}`, payload: () => ({ label: 'Hijacked' }) },
    { name: 'delete custom field', method: 'DELETE', url: () => `/api/v1/custom-fields/${ids.field}` },
    { name: 'update user', method: 'PATCH', url: () => `/api/v1/users/${ids.user}`, payload: () => ({ disabled: true }) },
    { name: 'merge contact', method: 'POST', url: () => `/api/v1/contacts/${ids.contact}/merge`, payload: () => ({ duplicateId: ids.contact + 1 }) },
    { name: 'get company', method: 'GET', url: () => `/api/v1/companies/${ids.company}` },
    { name: 'update company', method: 'PATCH', url: () => `/api/v1/companies/${ids.company}`, payload: () => ({ name: 'Hijacked' }) },
    { name: 'company timeline', method: 'GET', url: () => `/api/v1/companies/${ids.company}/timeline` },
    { name: 'company contacts', method: 'GET', url: () => `/api/v1/companies/${ids.company}/contacts` },
    { name: 'delete company', method: 'DELETE', url: () => `/api/v1/companies/${ids.company}` },
    { name: 'get pipeline', method: 'GET', url: () => `/api/v1/pipelines/${ids.pipeline}` },
    { name: 'update pipeline', method: 'PATCH', url: () => `/api/v1/pipelines/${ids.pipeline}`, payload: () => ({ name: 'Hijacked' }) },
    { name: 'kanban board', method: 'GET', url: () => `/api/v1/pipelines/${ids.pipeline}/board` },
    { name: 'funnel report', method: 'GET', url: () => `/api/v1/reports/funnel?pipelineId=${ids.pipeline}` },
    { name: 'update lost reason', method: 'PATCH', url: () => `/api/v1/lost-reasons/${ids.lostReason}`, payload: () => ({ label: 'Hijacked' }) },
    { name: 'get deal', method: 'GET', url: () => `/api/v1/deals/${ids.deal}` },
    { name: 'update deal', method: 'PATCH', url: () => `/api/v1/deals/${ids.deal}`, payload: () => ({ title: 'Hijacked' }) },
    { name: 'move deal', method: 'POST', url: () => `/api/v1/deals/${ids.deal}/move`, payload: () => ({ stageId: ids.stage1 }) },
    { name: 'close deal', method: 'POST', url: () => `/api/v1/deals/${ids.deal}/close`, payload: () => ({ status: 'lost' }) },
    { name: 'deal history', method: 'GET', url: () => `/api/v1/deals/${ids.deal}/history` },
    { name: 'deal timeline', method: 'GET', url: () => `/api/v1/deals/${ids.deal}/timeline` },
    { name: 'deal costs', method: 'GET', url: () => `/api/v1/deals/${ids.deal}/costs` },
    { name: 'add deal cost', method: 'POST', url: () => `/api/v1/deals/${ids.deal}/costs`, payload: () => ({ label: 'x', amount: 1, date: '2025-01-01' }) },
    { name: 'delete deal cost', method: 'DELETE', url: () => `/api/v1/deals/${ids.deal}/costs/${ids.cost}` },
    { name: 'get activity', method: 'GET', url: () => `/api/v1/activities/${ids.activity}` },
    { name: 'update activity', method: 'PATCH', url: () => `/api/v1/activities/${ids.activity}`, payload: () => ({ subject: 'Hijacked' }) },
    { name: 'follow up activity', method: 'POST', url: () => `/api/v1/activities/${ids.activity}/follow-up`, payload: () => ({ dueAt: '2030-01-02T09:00:00Z' }) },
    { name: 'meeting invite', method: 'GET', url: () => `/api/v1/activities/${ids.activity}/invite.ics` },
    { name: 'delete activity', method: 'DELETE', url: () => `/api/v1/activities/${ids.activity}` },
    { name: 'delete lost reason', method: 'DELETE', url: () => `/api/v1/lost-reasons/${ids.lostReason}` },
    { name: 'delete deal', method: 'DELETE', url: () => `/api/v1/deals/${ids.deal}` },
    { name: 'delete pipeline', method: 'DELETE', url: () => `/api/v1/pipelines/${ids.pipeline}` },
    { name: 'get list', method: 'GET', url: () => `/api/v1/lists/${ids.list}` },
    { name: 'update list', method: 'PATCH', url: () => `/api/v1/lists/${ids.list}`, payload: () => ({ name: 'Hijacked' }) },
    { name: 'list members', method: 'GET', url: () => `/api/v1/lists/${ids.list}/members` },
    { name: 'set list members', method: 'POST', url: () => `/api/v1/lists/${ids.list}/members`, payload: () => ({ contactIds: [ids.contact], status: 'unsubscribed' }) },
    { name: 'remove list member', method: 'DELETE', url: () => `/api/v1/lists/${ids.list}/members/${ids.contact}` },
    { name: 'record consent', method: 'POST', url: () => `/api/v1/contacts/${ids.contact}/consents`, payload: () => ({ channel: 'email', status: 'withdrawn', source: 'api' }) },
    { name: 'contact consents', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}/consents` },
    { name: 'get form', method: 'GET', url: () => `/api/v1/forms/${ids.form}` },
    { name: 'update form', method: 'PATCH', url: () => `/api/v1/forms/${ids.form}`, payload: () => ({ name: 'Hijacked' }) },
    { name: 'delete suppression', method: 'DELETE', url: () => `/api/v1/suppressions/${ids.suppression}` },
    { name: 'export consents', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}/consents/export` },
    { name: 'GDPR export', method: 'GET', url: () => `/api/v1/contacts/${ids.contact}/export` },
    { name: 'GDPR erase', method: 'POST', url: () => `/api/v1/contacts/${ids.contact}/erase`, payload: () => ({ confirm: true }) },
    { name: 'delete form', method: 'DELETE', url: () => `/api/v1/forms/${ids.form}` },
    { name: 'delete list', method: 'DELETE', url: () => `/api/v1/lists/${ids.list}` },
    { name: 'delete contact', method: 'DELETE', url: () => `/api/v1/contacts/${ids.contact}` },
  ];
  for (const e of foreign) {
    it(`another workspace's owner cannot ${e.name}`, async () => {
      const res = await json(e.method, e.url(), b.owner.headers, e.payload?.());
      expect(res.status).toBe(404);
    });
  }

  it('refuses links to another workspace’s records with a 400 naming the field', async () => {
    const h = b.owner.headers;
    const own = (await json('POST', '/api/v1/pipelines', h, { name: 'B pipeline', stages: [{ name: 'B1', probability: 10 }] })).body;
    const cases: [object, string][] = [
      [{ title: 'x', value: 1, currency: 'EUR', pipelineId: ids.pipeline }, 'pipelineId'],
      [{ title: 'x', value: 1, currency: 'EUR', pipelineId: own.id, stageId: ids.stage1 }, 'stageId'],
      [{ title: 'x', value: 1, currency: 'EUR', pipelineId: own.id, contactIds: [ids.contact] }, 'contactIds.0'],
    ];
    for (const [payload, path] of cases) {
      const res = await json('POST', '/api/v1/deals', h, payload);
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields[0].path).toBe(path);
    }
    const task = await json('POST', '/api/v1/activities', h, { type: 'task', subject: 'x', dealId: ids.deal, contactId: ids.contact });
    expect(task.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['dealId', 'contactId']);
  });

  it('sales lists and reports never include another workspace’s deals, activities or costs', async () => {
    for (const url of ['/api/v1/deals', '/api/v1/activities', '/api/v1/pipelines', '/api/v1/lost-reasons', '/api/v1/notifications', '/api/v1/reports/profitability', '/api/v1/reports/workload', '/api/v1/reports/forecast?from=2000-01-01&to=2100-01-01']) {
      const body = JSON.stringify((await json('GET', url, b.owner.headers)).body);
      expect(body, url).not.toMatch(/alpha/i);
    }
    const deal = (await json('GET', `/api/v1/deals/${ids.deal}`, a.owner.headers)).body;
    expect(deal).toMatchObject({ title: 'Secret alpha deal', status: 'open' });
    expect((await json('GET', `/api/v1/activities/${ids.activity}`, a.owner.headers)).body.subject).toBe('Secret alpha meeting');
  });

  it("another workspace's API key cannot reach the records either", async () => {
    const key = await b.apiKey('owner');
    expect((await json('GET', `/api/v1/contacts/${ids.contact}`, { authorization: `Bearer ${key}` })).status).toBe(404);
  });

  it('lists never include another workspace’s records, and nothing was changed', async () => {
    const lists = ['/api/v1/contacts', '/api/v1/contacts?q=secret', '/api/v1/companies', '/api/v1/companies?q=secret', '/api/v1/custom-fields', '/api/v1/users', '/api/v1/audit-log', '/api/v1/contacts/duplicates', '/api/v1/lists'];
    for (const url of lists) {
      const body = JSON.stringify((await json('GET', url, b.owner.headers)).body);
      expect(body, url).not.toContain('secret@a.example');
      expect(body, url).not.toContain('Secret Alpha Ltd');
      expect(body, url).not.toContain(a.owner.email);
    }
    const contact = (await json('GET', `/api/v1/contacts/${ids.contact}`, a.owner.headers)).body;
    expect(contact).toMatchObject({ firstName: 'Secret', tags: [] });
    const fields = (await json('GET', '/api/v1/custom-fields', a.owner.headers)).body.data;
    expect(fields.find((f: { id: number }) => f.id === ids.field).label).toBe('Tier');
    const owner = (await json('GET', '/api/v1/users', a.owner.headers)).body.data.find((u: { id: number }) => u.id === ids.user);
    expect(owner.disabled).toBe(false);
    expect((await json('GET', `/api/v1/lists/${ids.list}/members`, a.owner.headers)).body.data).toMatchObject([{ contactId: ids.contact, status: 'subscribed' }]);
  });
});

describe('several workspaces', () => {
  // A third workspace C, made by A's owner, who is then in A and C; B's marketing user joins A as sales.
  let c: { id: number; name: string };
  let guest: Awaited<ReturnType<TestWorkspace['as']>>;
  const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];
  const members = async (headers: object) => (await json('GET', '/api/v1/workspaces', headers)).body.data.map((w: { id: number; role: string; current: boolean }) => [w.id, w.role, w.current]);

  beforeAll(async () => {
    c = (await json('POST', '/api/v1/workspaces', a.owner.headers, { name: 'C' })).body;
    guest = await b.as('marketing');
    const invite = (await json('POST', '/api/v1/users/invites', a.owner.headers, { email: guest.email, role: 'sales' })).body;
    const token = decodeURIComponent(invite.link.split('/invite/')[1]);
    expect((await json('GET', `/api/v1/invites/${encodeURIComponent(token)}`, {})).body.existingAccount).toBe(true);
    expect((await json('POST', '/api/v1/invites/accept', {}, { token, name: 'x', password: 'not the password at all' })).body.error.details.fields[0].path).toBe('password');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/invites/accept', payload: { token, name: 'x', password: PASSWORD } })).statusCode).toBe(201);
  });

  it('lets an owner create a workspace and switch into it, where nothing of A is visible', async () => {
    expect(await members(a.owner.headers)).toEqual([[a.id, 'owner', true], [c.id, 'owner', false]]);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: a.owner.email, password: PASSWORD } });
    const session = { cookie: cookieOf(login) };
    const me = (await json('POST', '/api/v1/workspaces/switch', session, { workspaceId: c.id })).body;
    expect(me.workspace).toMatchObject({ id: c.id, name: 'C' });
    expect(JSON.stringify((await json('GET', '/api/v1/contacts', session)).body)).not.toContain('secret@a.example');
    const inC = (await json('POST', '/api/v1/contacts', session, { firstName: 'Gamma', email: 'gamma@c.example' })).body.id;
    expect((await json('GET', `/api/v1/contacts/${ids.contact}`, session)).status).toBe(404);
    // Other sessions of the same user and the workspace's API keys stay where they were.
    expect((await json('GET', `/api/v1/contacts/${inC}`, a.owner.headers)).status).toBe(404);
    const keyOfA = await a.apiKey('admin');
    expect((await json('GET', `/api/v1/contacts/${ids.contact}`, { authorization: `Bearer ${keyOfA}` })).status).toBe(200);
    expect((await json('POST', '/api/v1/workspaces/switch', { authorization: `Bearer ${keyOfA}` }, { workspaceId: c.id })).status).toBe(400);
    expect((await json('POST', '/api/v1/workspaces/switch', session, { workspaceId: b.id })).status).toBe(404);
    expect((await json('POST', '/api/v1/workspaces/switch', session, { workspaceId: a.id })).body.workspace.id).toBe(a.id);
    expect((await json('GET', `/api/v1/contacts/${inC}`, session)).status).toBe(404);
  });

  it('gives a user in two workspaces the role of the one the session is in', async () => {
    expect(await members(guest.headers)).toEqual([[a.id, 'sales', false], [b.id, 'marketing', true]]);
    expect((await json('GET', '/api/v1/deals', guest.headers)).status).toBe(403);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: guest.email, password: PASSWORD } });
    const session = { cookie: cookieOf(login) };
    expect((await json('GET', '/api/v1/auth/me', session)).body.workspace.id).toBe(b.id);
    await json('POST', '/api/v1/workspaces/switch', session, { workspaceId: a.id });
    expect((await json('GET', '/api/v1/deals', session)).status).toBe(200);
    expect((await json('GET', '/api/v1/segments', session)).status).toBe(200);
    const inA = (await json('GET', '/api/v1/users', a.owner.headers)).body.data.find((u: { email: string }) => u.email === guest.email);
    const inB = (await json('GET', '/api/v1/users', b.owner.headers)).body.data.find((u: { email: string }) => u.email === guest.email);
    expect([inA.role, inB.role]).toEqual(['sales', 'marketing']);
    // Disabled in A only: the A session ends, B stays open.
    expect((await json('PATCH', `/api/v1/users/${inA.id}`, a.owner.headers, { disabled: true })).status).toBe(200);
    expect((await json('GET', '/api/v1/deals', session)).status).toBe(401);
    expect((await json('GET', '/api/v1/contacts', guest.headers)).status).toBe(200);
    expect(await members(guest.headers)).toEqual([[b.id, 'marketing', true]]);
  });

  it('refuses to make a stranger the owner of a new workspace, or a non-owner create one', async () => {
    const res = await json('POST', '/api/v1/workspaces', b.owner.headers, { name: 'D', ownerId: a.owner.actor.userId });
    expect(res.body.error.details.fields[0].path).toBe('ownerId');
    expect((await json('POST', '/api/v1/workspaces', (await a.as('admin')).headers, { name: 'D' })).status).toBe(403);
  });
});
