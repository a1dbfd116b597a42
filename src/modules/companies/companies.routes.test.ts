import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const paths = (res: { json: () => { error: { details: { fields: { path: string }[] } } } }) => res.json().error.details.fields.map((f) => f.path);

/** Follows nextCursor to the end and returns every row. */
async function allPages<T>(url: string, headers: { cookie: string }): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let pages = 0;
  for (let cursor: string | null = ''; cursor !== null; pages++) {
    const res = await t.app.inject({ url: `${url}${cursor ? `&cursor=${cursor}` : ''}`, headers });
    expect(res.statusCode).toBe(200);
    const page = res.json() as { data: T[]; nextCursor: string | null };
    rows.push(...page.data);
    cursor = page.nextCursor;
  }
  return { rows, pages };
}

describe('companies', () => {
  it('creates, reads, updates, tags and deletes a company, writing the timeline and audit log', async () => {
    await call('POST', '/api/v1/custom-fields', { entity: 'company', key: 'size', label: 'Size', type: 'select', options: ['small', 'large'] });
    const created = await call('POST', '/api/v1/companies', { name: ' Acme ', domain: 'https://WWW.Acme.com/about', industry: 'Anvils', tags: ['Prospect'], custom: { size: 'small' }, ownerId: ws.owner.actor.userId });
    expect(created.statusCode).toBe(201);
    const co = created.json();
    expect(co).toMatchObject({ name: 'Acme', domain: 'www.acme.com', phone: null, industry: 'Anvils', tags: ['prospect'], custom: { size: 'small' }, contactCount: 0, owner: { id: ws.owner.actor.userId } });

    const patched = await call('PATCH', `/api/v1/companies/${co.id}`, { industry: 'Rockets', phone: '+1 555 0100', custom: { size: 'large' } });
    expect(patched.json()).toMatchObject({ industry: 'Rockets', phone: '+1 555 0100', custom: { size: 'large' } });
    await call('POST', `/api/v1/companies/${co.id}/tags`, { tags: ['customer'] });
    expect((await call('DELETE', `/api/v1/companies/${co.id}/tags/PROSPECT`)).json().tags).toEqual(['customer']);
    expect((await call('PATCH', `/api/v1/companies/${co.id}`, { industry: 'Rockets' })).statusCode).toBe(200); // no change, no event

    const timeline = (await call('GET', `/api/v1/companies/${co.id}/timeline`)).json().data;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['tag_removed', 'tag_added', 'field_changed', 'field_changed', 'field_changed', 'tag_added', 'created']);
    const changed = timeline.filter((e: { kind: string }) => e.kind === 'field_changed').map((e: { data: object }) => e.data);
    expect(changed).toEqual(expect.arrayContaining([{ field: 'industry', before: 'Anvils', after: 'Rockets' }, { field: 'custom.size', before: 'small', after: 'large' }, { field: 'phone', before: null, after: '+1 555 0100' }]));

    const audit = (await call('GET', `/api/v1/audit-log?entity=company&entityId=${co.id}`)).json().data;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['update', 'update', 'update', 'create']);
    expect(audit[3]).toMatchObject({ before: null, after: { name: 'Acme' } });

    const contact = (await call('POST', '/api/v1/contacts', { firstName: 'Wile', companyId: co.id })).json();
    expect((await call('GET', `/api/v1/companies/${co.id}`)).json().contactCount).toBe(1);
    expect((await call('DELETE', `/api/v1/companies/${co.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/companies/${co.id}`)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/contacts/${contact.id}`)).json()).toMatchObject({ firstName: 'Wile', companyId: null });
    const deleted = (await call('GET', `/api/v1/audit-log?entity=company&entityId=${co.id}`)).json().data[0];
    expect(deleted).toMatchObject({ action: 'delete', before: { name: 'Acme', contactCount: 1 } });
  });

  it('refuses bad input with a 400 naming each field, and writes nothing', async () => {
    await call('POST', '/api/v1/custom-fields', { entity: 'company', key: 'employees', label: 'Employees', type: 'number' });
    const noName = await call('POST', '/api/v1/companies', { name: '  ', domain: 'not a domain' });
    expect(noName.statusCode).toBe(400);
    expect(paths(noName)).toEqual(expect.arrayContaining(['name', 'domain']));
    const custom = await call('POST', '/api/v1/companies', { name: 'Bad custom', custom: { employees: 'many', colour: 'red' } });
    expect(paths(custom)).toEqual(['custom.employees', 'custom.colour']);

    const other = await newWorkspace(t.ctx);
    const foreignOwner = await call('POST', '/api/v1/companies', { name: 'Foreign owner', ownerId: other.owner.actor.userId });
    expect(foreignOwner.statusCode).toBe(400);
    expect(paths(foreignOwner)).toEqual(['ownerId']);

    const ok = (await call('POST', '/api/v1/companies', { name: 'Valid Ltd' })).json();
    const badPatch = await call('PATCH', `/api/v1/companies/${ok.id}`, { domain: 'ann@valid.com', custom: { employees: '12' } });
    expect(paths(badPatch)).toEqual(['domain']); // the body is refused before custom values are checked
    expect(paths(await call('PATCH', `/api/v1/companies/${ok.id}`, { custom: { employees: '12' } }))).toEqual(['custom.employees']);
    expect((await call('GET', '/api/v1/companies?q=foreign')).json().data).toHaveLength(0);
    expect((await call('GET', `/api/v1/companies/${ok.id}`)).json().custom).toEqual({});
  });

  it('keeps workspaces apart and enforces roles', async () => {
    const other = await newWorkspace(t.ctx);
    const theirs = (await t.app.inject({ method: 'POST', url: '/api/v1/companies', headers: other.owner.headers, payload: { name: 'Theirs' } })).json();
    expect((await call('GET', `/api/v1/companies/${theirs.id}`)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/companies/${theirs.id}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/companies/${theirs.id}/contacts`)).statusCode).toBe(404);

    const ours = (await call('POST', '/api/v1/companies', { name: 'Ours' })).json();
    const marketing = await ws.as('marketing');
    expect((await call('PATCH', `/api/v1/companies/${ours.id}`, { industry: 'Ads' }, marketing.headers)).statusCode).toBe(200);
    const refused = await call('DELETE', `/api/v1/companies/${ours.id}`, undefined, marketing.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details.permission).toBe('companies:delete');
  });

  it('searches, filters and pages companies with a keyset cursor', async () => {
    const other = await newWorkspace(t.ctx);
    const h = other.owner.headers;
    const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: h, payload });
    await post('/api/v1/custom-fields', { entity: 'company', key: 'arr', label: 'ARR', type: 'number' });
    const ids: number[] = [];
    for (let i = 0; i < 23; i++) {
      const res = await post('/api/v1/companies', { name: `${i % 2 ? 'beta' : 'Alpha'} ${String(i).padStart(2, '0')}`, domain: `co${i}.example`, industry: i % 3 ? 'Retail' : 'Mining', custom: { arr: i * 1000 } });
      ids.push(res.json().id);
    }
    const byName = await allPages<{ name: string }>('/api/v1/companies?sort=name&order=asc&limit=5', h);
    expect(byName.pages).toBe(5);
    expect(byName.rows.map((c) => c.name)).toEqual([...byName.rows.map((c) => c.name)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const newest = await allPages<{ id: number }>('/api/v1/companies?sort=createdAt&order=desc&limit=4', h);
    expect(newest.rows.map((c) => c.id)).toEqual([...ids].reverse());

    const mining = (await t.app.inject({ url: '/api/v1/companies?q=mining&limit=100', headers: h })).json().data;
    expect(mining).toHaveLength(8);
    expect((await t.app.inject({ url: '/api/v1/companies?q=co7.example', headers: h })).json().data.map((c: { id: number }) => c.id)).toEqual([ids[7]]);
    const filters = encodeURIComponent(JSON.stringify([{ field: 'custom.arr', op: 'gte', value: 18000 }, { field: 'industry', op: 'eq', value: 'retail' }]));
    const filtered = (await t.app.inject({ url: `/api/v1/companies?sort=name&order=asc&filters=${filters}`, headers: h })).json().data;
    expect(filtered.map((c: { name: string }) => c.name)).toEqual(['Alpha 20', 'Alpha 22', 'beta 19']);
    const bad = await t.app.inject({ url: `/api/v1/companies?filters=${encodeURIComponent(JSON.stringify([{ field: 'firstName', op: 'eq', value: 'x' }]))}`, headers: h });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('filters[0].field');
    const badCursor = await t.app.inject({ url: `/api/v1/companies?sort=createdAt&cursor=${Buffer.from('["Alpha",1]').toString('base64url')}`, headers: h });
    expect(badCursor.statusCode).toBe(400);

    // Notes are searched only for roles that may read them.
    await post(`/api/v1/companies/${ids[3]}/notes`, { body: 'Signed the zeppelin deal' });
    expect((await t.app.inject({ url: '/api/v1/companies?q=zeppelin', headers: h })).json().data.map((c: { id: number }) => c.id)).toEqual([ids[3]]);
    expect((await t.app.inject({ url: '/api/v1/companies?q=zeppelin', headers: (await other.as('marketing')).headers })).json().data).toHaveLength(0);
  });

  it("lists a company's contacts page by page, and finds contacts by their company's new name", async () => {
    const co = (await call('POST', '/api/v1/companies', { name: 'Globex' })).json();
    const stranger = (await call('POST', '/api/v1/contacts', { firstName: 'Stranger' })).json();
    for (const firstName of ['Hank', 'Homer', 'Mindy', 'Frank', 'Lenny']) await call('POST', '/api/v1/contacts', { firstName, companyId: co.id });
    const { rows, pages } = await allPages<{ firstName: string; companyId: number }>(`/api/v1/companies/${co.id}/contacts?sort=name&order=asc&limit=2`, ws.owner.headers);
    expect(pages).toBe(3);
    expect(rows.map((c) => c.firstName)).toEqual(['Frank', 'Hank', 'Homer', 'Lenny', 'Mindy']);
    expect(rows.every((c) => c.companyId === co.id)).toBe(true);
    expect((await call('GET', `/api/v1/companies/${co.id}`)).json().contactCount).toBe(5);
    expect((await call('GET', `/api/v1/companies/${co.id}/contacts?q=homer`)).json().data).toHaveLength(1);

    expect((await call('GET', '/api/v1/contacts?q=initech')).json().data).toHaveLength(0);
    await call('PATCH', `/api/v1/companies/${co.id}`, { name: 'Initech' });
    const found = (await call('GET', '/api/v1/contacts?q=initech&limit=100')).json().data.map((c: { firstName: string }) => c.firstName);
    expect(found.sort()).toEqual(['Frank', 'Hank', 'Homer', 'Lenny', 'Mindy']);
    expect(found).not.toContain(stranger.firstName);
    expect((await call('GET', '/api/v1/contacts?q=globex')).json().data).toHaveLength(0);
  });
});
