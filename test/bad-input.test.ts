import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './context.js';
import { newWorkspace, type TestWorkspace } from './factories.js';

/** Issue 7 §7: inputs that were 500s answer 400 naming the parameter. */
let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let contactId: number;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  contactId = (await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: ws.owner.headers, payload: { firstName: 'Ann', tags: ['vip'] } })).json().id;
});
afterAll(async () => t.close());

const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: ws.owner.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
async function expect400(res: Awaited<ReturnType<typeof send>>, path: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.code).toBe('VALIDATION');
  expect(res.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual([path]);
}
const b64 = (json: string) => Buffer.from(json).toString('base64url');

describe('text PostgreSQL cannot store', () => {
  it('is a 400 naming the query parameter, body field, tag or filter that holds it', async () => {
    await expect400(await send('GET', '/api/v1/contacts?q=a%00b'), 'q');
    expect((await send('GET', '/api/v1/contacts?q=a%00b')).json().error.details.fields[0]).toMatchObject({ in: 'querystring', message: expect.stringContaining('NUL') });
    await expect400(await send('GET', '/api/v1/contacts?tag=v%00ip'), 'tag');
    await expect400(await send('GET', `/api/v1/contacts?filters=${encodeURIComponent('[{"field":"firstName","op":"eq","value":"a\u0000"}]')}`), 'filters');
    await expect400(await send('GET', `/api/v1/contacts?filters=${encodeURIComponent(JSON.stringify([{ field: 'firstName', op: 'eq', value: 'a\u0000' }]))}`), 'filters[0].value');
    await expect400(await send('POST', '/api/v1/contacts', { firstName: 'a\u0000b' }), 'firstName');
    await expect400(await send('POST', '/api/v1/companies', { name: 'Acme', tags: ['ok', 'x\u0000'] }), 'tags.1');
    await expect400(await send('POST', `/api/v1/contacts/${contactId}/notes`, { body: 'secret\u0000' }), 'body');
    await expect400(await send('PATCH', `/api/v1/contacts/${contactId}`, { custom: { ['a\u0000']: 1 } }), 'custom.a\\u0000');
    await expect400(await send('POST', `/api/v1/contacts/${contactId}/tags`, { tags: ['\u0000'] }), 'tags.0');
    await expect400(await t.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${contactId}/tags/v%00ip`, headers: ws.owner.headers }), 'tag');
  });

  it('is a 400 for an unpaired surrogate, which jsonb refuses', async () => {
    await expect400(await send('POST', '/api/v1/contacts', { firstName: 'Ann', jobTitle: 'x\ud800' }), 'jobTitle');
    await expect400(await send('POST', '/api/v1/segments/preview', { tree: { type: 'tags', op: 'hasAny', tags: ['\udc00'] } }), 'tree.tags.0');
    // Paired surrogates (an emoji) are ordinary text.
    expect((await send('POST', '/api/v1/contacts', { firstName: 'Ann 🦄' })).statusCode).toBe(201);
  });

  it('walks a deeply nested body without overflowing the stack', async () => {
    const deep = `${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...ws.owner.headers, 'content-type': 'application/json' }, payload: `{"firstName":"A","custom":{"x":${deep}}}` });
    expect(res.statusCode).toBe(400);
  });
});

describe('empty patches the fuzz test found', () => {
  it('PATCH {} on a list, the workspace or a custom field changes nothing and answers 200 (it ran UPDATE with an empty SET)', async () => {
    const list = (await send('POST', '/api/v1/lists', { name: 'Empty patch' })).json();
    const res = await send('PATCH', `/api/v1/lists/${list.id}`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().name).toBe('Empty patch');
    const ws1 = await send('PATCH', '/api/v1/workspace', {});
    expect(ws1.statusCode, ws1.body).toBe(200);
    expect(ws1.json().name).toBe('Test workspace');
    const field = (await send('POST', '/api/v1/custom-fields', { entity: 'company', key: 'size', label: 'Size', type: 'select', options: ['s', 'm'] })).json();
    const patched = await send('PATCH', `/api/v1/custom-fields/${field.id}`, {});
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ label: 'Size', options: ['s', 'm'] });
  });
});

describe('date-times out of range', () => {
  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00'])('%s as a task due time is a 400 naming it', async (dueAt) => {
    await expect400(await send('POST', '/api/v1/activities', { type: 'task', subject: 'Call', contactId, dueAt }), 'dueAt');
  });
});

describe('tampered cursors', () => {
  const forged = ['["1",5]', '["+275760-09-13",1]', '["0000-01-01",1]', '["2026-02-30 00:00:00+00",1]', '["10000-01-01",1]', '["2026-01-01 00:00:00+00",1e309]', '["a\\u0000b",1]'];
  it.each([`/api/v1/contacts/{id}/timeline`, '/api/v1/activities', '/api/v1/contacts?sort=createdAt', '/api/v1/companies?sort=updatedAt', '/api/v1/deals?sort=createdAt'])('are a 400 naming cursor on %s', async (path) => {
    const url = path.replace('{id}', String(contactId));
    for (const json of forged) await expect400(await send('GET', `${url}${url.includes('?') ? '&' : '?'}cursor=${b64(json)}`), 'cursor');
  });
  it('of text sort keys with a NUL are a 400 too', async () => {
    await expect400(await send('GET', `/api/v1/contacts?sort=name&cursor=${b64('["a\\u0000",1]')}`), 'cursor');
  });
  it('still page: the cursor a page returns is accepted', async () => {
    await send('POST', '/api/v1/contacts', { firstName: 'Bob' });
    const first = (await send('GET', '/api/v1/contacts?sort=createdAt&limit=1')).json();
    expect(first.nextCursor).toBeTruthy();
    expect((await send('GET', `/api/v1/contacts?sort=createdAt&limit=1&cursor=${first.nextCursor}`)).statusCode).toBe(200);
  });
});

describe('filters with out-of-range dates', () => {
  const filter = (field: string, value: unknown) => `/api/v1/contacts?filters=${encodeURIComponent(JSON.stringify([{ field, op: 'gt', value }]))}`;
  it.each(['+275760-09-13', '0000-01-01', '10000-01-01', '2026-02-30', '1', '-271821-04-20', '2026-01-01T25:00:00Z'])('%s is a 400 naming the filter value', async (value) => {
    await expect400(await send('GET', filter('createdAt', value)), 'filters[0].value');
    await expect400(await send('GET', filter('birthday', value)), 'filters[0].value');
  });
  it('a huge number is a 400 where a number is expected', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: ws.owner.headers, payload: { entity: 'contact', key: 'score', label: 'Score', type: 'number' } });
    await expect400(await send('GET', filter('custom.score', '1e309')), 'filters[0].value');
    expect((await send('GET', filter('custom.score', 1e308))).statusCode).toBe(200);
    await expect400(await send('GET', '/api/v1/contacts/9223372036854775808'), 'id');
    await expect400(await send('GET', '/api/v1/contacts/1e309'), 'id');
    await expect400(await send('GET', '/api/v1/contacts?ownerId=18446744073709551616'), 'ownerId');
  });
  it('neq on a select field compares its text (it was cast to boolean, a 500)', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: ws.owner.headers, payload: { entity: 'contact', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] } });
    await send('PATCH', `/api/v1/contacts/${contactId}`, { custom: { tier: 'gold' } });
    const res = await send('GET', `/api/v1/contacts?filters=${encodeURIComponent(JSON.stringify([{ field: 'custom.tier', op: 'neq', value: 'gold' }]))}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.map((c: { id: number }) => c.id)).not.toContain(contactId);
  });
  it('dates in range still filter', async () => {
    expect((await send('GET', filter('createdAt', '2000-01-01T00:00:00Z'))).json().data.length).toBeGreaterThan(0);
    expect((await send('GET', filter('createdAt', '2000-01-01'))).statusCode).toBe(200);
  });
});
