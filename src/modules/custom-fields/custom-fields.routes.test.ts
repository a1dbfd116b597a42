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

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: ws.owner.headers });

describe('custom fields', () => {
  it('validates definitions and names the field', async () => {
    const noOptions = await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'plan', label: 'Plan', type: 'select' });
    expect(noOptions.statusCode).toBe(400);
    expect(noOptions.json().error.details.fields[0].path).toBe('options');
    const badKey = await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'Bad Key', label: 'x', type: 'text' });
    expect(badKey.json().error.details.fields[0].path).toBe('key');
    expect((await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] })).statusCode).toBe(201);
    const dup = await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'plan', label: 'Plan 2', type: 'text' });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details.fields[0].path).toBe('key');
  });

  it('refuses the key or label of a built-in field, whatever its case or spelling', async () => {
    const byKey = await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'birthday', label: 'Born on', type: 'date' });
    expect(byKey.statusCode).toBe(400);
    expect(byKey.json().error.details.fields).toEqual([{ path: 'key', message: expect.stringContaining('built-in contact field "Birthday"') }]);
    const snake = await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'first_name', label: 'Given', type: 'text' });
    expect(snake.json().error.details.fields[0].path).toBe('key');
    const byLabel = await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'born', label: 'BIRTHDAY', type: 'date' });
    expect(byLabel.statusCode).toBe(400);
    expect(byLabel.json().error.details.fields[0].path).toBe('label');
    // Another entity's built-ins are free: a contact may have a custom "Industry".
    const industry = await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'industry', label: 'Industry', type: 'text' });
    expect(industry.statusCode).toBe(201);
    const company = await call('POST', '/api/v1/custom-fields', { entity: 'company', key: 'industry', label: 'Sector', type: 'text' });
    expect(company.json().error.details.fields[0].path).toBe('key');
    const renamed = await call('PATCH', `/api/v1/custom-fields/${industry.json().id}`, { label: 'e-mail' });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().error.details.fields[0].path).toBe('label');
  });

  it('checks every value by type on every write', async () => {
    const defs = [
      { key: 'visits', type: 'number' }, { key: 'since', type: 'date' }, { key: 'vip', type: 'boolean' },
      { key: 'langs', type: 'multiselect', options: ['en', 'ro', 'es'] }, { key: 'nick', type: 'text' },
    ];
    for (const d of defs) await call('POST', '/api/v1/custom-fields', { entity: 'contact', label: d.key, options: [], ...d });
    const good = await call('POST', '/api/v1/contacts', { firstName: 'T', custom: { visits: 3, since: '2020-01-31', vip: true, langs: ['en', 'ro', 'en'], nick: 'tee' } });
    expect(good.statusCode).toBe(201);
    expect(good.json().custom).toEqual({ visits: 3, since: '2020-01-31', vip: true, langs: ['en', 'ro'], nick: 'tee' });
    const bad = await call('PATCH', `/api/v1/contacts/${good.json().id}`, { custom: { visits: '3', since: '2020-13-01', vip: 'yes', langs: ['de'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['custom.visits', 'custom.since', 'custom.vip', 'custom.langs']);
    const cleared = await call('PATCH', `/api/v1/contacts/${good.json().id}`, { custom: { nick: null } });
    expect(cleared.json().custom).not.toHaveProperty('nick');
  });

  it('enforces required fields on create and refuses to clear them', async () => {
    const other = await newWorkspace(t.ctx);
    const h = other.owner.headers;
    await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: h, payload: { entity: 'contact', key: 'region', label: 'Region', type: 'text', required: true } });
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: h, payload: { firstName: 'R' } });
    expect(missing.json().error.details.fields[0]).toEqual({ path: 'custom.region', message: 'is required' });
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: h, payload: { firstName: 'R', custom: { region: 'EU' } } });
    const clear = await t.app.inject({ method: 'PATCH', url: `/api/v1/contacts/${ok.json().id}`, headers: h, payload: { custom: { region: null } } });
    expect(clear.statusCode).toBe(400);
  });

  it('refuses to remove an option still in use, and deleting a field drops its values', async () => {
    const fields = (await call('GET', '/api/v1/custom-fields?entity=contact')).json().data;
    const plan = fields.find((f: { key: string }) => f.key === 'plan');
    const c = (await call('POST', '/api/v1/contacts', { firstName: 'P', custom: { plan: 'pro' } })).json();
    const res = await call('PATCH', `/api/v1/custom-fields/${plan.id}`, { options: ['free'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('"pro" is still used by 1');
    expect((await call('PATCH', `/api/v1/custom-fields/${plan.id}`, { options: ['free', 'pro', 'team'] })).json().options).toEqual(['free', 'pro', 'team']);
    expect((await call('DELETE', `/api/v1/custom-fields/${plan.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/contacts/${c.id}`)).json().custom).not.toHaveProperty('plan');
  });
});
