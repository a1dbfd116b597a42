import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
const ids: Record<string, number> = {};
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'spend', label: 'Spend', type: 'number' });
  await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
  const people = [
    { firstName: 'Ada', email: 'ada@x.test', tags: ['vip'], custom: { spend: 500, tier: 'gold' } },
    { firstName: 'Bob', email: 'bob@y.test', tags: ['vip', 'news'], custom: { spend: 50 } },
    { firstName: 'Cy', email: 'cy@x.test', tags: [], custom: { tier: 'silver' } },
  ];
  for (const p of people) ids[p.firstName] = (await call('POST', '/api/v1/contacts', p)).json().id;
  await insertTimelineEvents(t.ctx.db, [
    { workspaceId: ws.id, contactId: ids.Ada, kind: 'email_opened', data: { campaignId: 'march' } },
    { workspaceId: ws.id, contactId: ids.Bob, kind: 'email_opened', data: { campaignId: 'april' }, occurredAt: new Date(Date.now() - 40 * 86_400_000) },
  ]);
});
afterAll(async () => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = ws.owner.headers) =>
  t.app.inject({ method, url, payload, headers });
const names = (contacts: { firstName: string }[]) => contacts.map((c) => c.firstName).sort();
const vipOpened = { type: 'and', children: [{ type: 'tags', op: 'hasAny', tags: ['VIP'] }, { type: 'event', kind: 'email_opened', withinDays: 30 }] };

describe('segments', () => {
  it('previews a tree: count and first contacts', async () => {
    const res = await call('POST', '/api/v1/segments/preview', { tree: vipOpened });
    expect(res.statusCode).toBe(200);
    expect(res.json().count).toBe(1);
    expect(names(res.json().contacts)).toEqual(['Ada']);
    const ever = await call('POST', '/api/v1/segments/preview', { tree: { type: 'event', kind: 'email_opened', where: [{ property: 'campaignId', op: 'neq', value: 'march' }] } });
    expect(names(ever.json().contacts)).toEqual(['Bob']);
  });

  it('saves, counts, pages, edits and deletes a dynamic segment; the contacts list uses it as a saved view', async () => {
    const created = await call('POST', '/api/v1/segments', { name: 'Big spenders', tree: { type: 'field', field: 'custom.spend', op: 'gte', value: 40 } });
    expect(created.statusCode).toBe(201);
    const seg = created.json();
    expect(seg).toMatchObject({ kind: 'dynamic', version: 1, lastCount: null });
    expect((await call('GET', `/api/v1/segments/${seg.id}/count`)).json().count).toBe(2);
    expect((await call('GET', `/api/v1/segments/${seg.id}`)).json().lastCount).toBe(2);
    const first = (await call('GET', `/api/v1/segments/${seg.id}/contacts?limit=1`)).json();
    expect(first.data).toHaveLength(1);
    const second = (await call('GET', `/api/v1/segments/${seg.id}/contacts?limit=1&cursor=${first.nextCursor}`)).json();
    expect(names([...first.data, ...second.data])).toEqual(['Ada', 'Bob']);
    expect(second.nextCursor).toBeNull();
    const view = (await call('GET', `/api/v1/contacts?segmentId=${seg.id}&q=ada`)).json().data;
    expect(names(view)).toEqual(['Ada']);

    await call('PATCH', `/api/v1/segments/${seg.id}`, { tree: { type: 'not', child: { type: 'field', field: 'custom.tier', op: 'anyOf', values: ['gold'] } } });
    expect((await call('GET', `/api/v1/segments/${seg.id}/count`)).json().count).toBe(2);
    expect((await call('GET', `/api/v1/audit-log?entity=segment&entityId=${seg.id}`)).json().data.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect((await call('DELETE', `/api/v1/segments/${seg.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/segments/${seg.id}`)).statusCode).toBe(404);
  });

  it('freezes a static snapshot; a segment can use another; cycles and deleting a used segment are refused', async () => {
    const vip = (await call('POST', '/api/v1/segments', { name: 'VIP', tree: { type: 'tags', op: 'hasAny', tags: ['vip'] } })).json();
    const frozen = (await call('POST', `/api/v1/segments/${vip.id}/snapshot`, { name: 'VIP in March' })).json();
    expect(frozen).toMatchObject({ kind: 'static', lastCount: 2 });
    await call('POST', `/api/v1/contacts/${ids.Cy}/tags`, { tags: ['vip'] });
    expect((await call('GET', `/api/v1/segments/${vip.id}/count`)).json().count).toBe(3);
    expect((await call('GET', `/api/v1/segments/${frozen.id}/count`)).json().count).toBe(2);

    const outer = (await call('POST', '/api/v1/segments', { name: 'Frozen or gold', tree: { type: 'or', children: [{ type: 'segment', segmentId: frozen.id }, { type: 'segment', segmentId: vip.id }] } })).json();
    expect((await call('GET', `/api/v1/segments/${outer.id}/count`)).json().count).toBe(3);
    const cycle = await call('PATCH', `/api/v1/segments/${vip.id}`, { tree: { type: 'and', children: [{ type: 'tags', op: 'hasAny', tags: ['vip'] }, { type: 'not', child: { type: 'segment', segmentId: outer.id } }] } });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details.fields[0]).toMatchObject({ path: 'tree.children[1].child.segmentId', message: expect.stringContaining('"VIP" → "Frozen or gold" → "VIP"') });
    const used = await call('DELETE', `/api/v1/segments/${vip.id}`);
    expect(used.statusCode).toBe(409);
    expect(used.json().error.details.usedBy).toEqual([outer.id]);
    const patchStatic = await call('PATCH', `/api/v1/segments/${frozen.id}`, { tree: { type: 'and', children: [] } });
    expect(patchStatic.json().error.details.fields[0].path).toBe('tree');
    expect((await call('POST', '/api/v1/segments', { name: 'vip', tree: { type: 'and', children: [] } })).statusCode).toBe(409);
  });

  it('refuses bad trees with a 400 naming the node', async () => {
    const bad = async (tree: object) => {
      const res = await call('POST', '/api/v1/segments/preview', { tree });
      expect(res.statusCode).toBe(400);
      return res.json().error.details.fields[0] as { path: string; message: string };
    };
    expect(await bad({ type: 'and', children: [{ type: 'tags', op: 'hasAny', tags: ['x'] }, { type: 'or', children: [{ type: 'field', field: 'shoeSize', op: 'eq', value: 'x' }] }] }))
      .toMatchObject({ path: 'tree.children[1].children[0].field', message: expect.stringContaining('unknown field "shoeSize"') });
    expect(await bad({ type: 'field', field: 'custom.spend', op: 'contains', value: 'x' })).toMatchObject({ path: 'tree.op', message: expect.stringContaining('does not apply to a number field') });
    expect(await bad({ type: 'field', field: 'custom.nope', op: 'eq', value: 'x' })).toMatchObject({ path: 'tree.field' });
    expect(await bad({ type: 'field', field: 'birthday', op: 'before', value: '2023-02-30' })).toMatchObject({ path: 'tree.value', message: 'must be a date as YYYY-MM-DD' });
    expect(await bad({ type: 'field', field: 'custom.tier', op: 'anyOf', values: ['bronze'] })).toMatchObject({ path: 'tree.values' });
    expect(await bad({ type: 'field', field: 'birthday', op: 'inNext' })).toMatchObject({ path: 'tree.days' });
    expect(await bad({ type: 'not', child: { type: 'list', op: 'member', listId: 999999 } })).toMatchObject({ path: 'tree.child.listId', message: 'list 999999 does not exist in this workspace' });
    expect(await bad({ type: 'or', children: [{ type: 'consent', channel: 'email', listId: 999999, status: 'granted' }] })).toMatchObject({ path: 'tree.children[0].listId' });
    expect(await bad({ type: 'segment', segmentId: 999999 })).toMatchObject({ path: 'tree.segmentId' });
    expect(await bad({ type: 'owner', op: 'is', userId: 999999 })).toMatchObject({ path: 'tree.userId' });
    expect(await bad({ type: 'event', kind: 'purchase', where: [{ property: 'amount', op: 'gt', value: 'lots' }] })).toMatchObject({ path: 'tree.where[0].value' });
    expect(await bad({ type: 'company', field: 'revenue', op: 'eq', value: 1 })).toMatchObject({ path: 'tree.field' });
    // Structure errors come from the zod schema, with its own path spelling.
    expect((await bad({ type: 'nand', children: [] })).path).toMatch(/^tree/);
    const sql = await call('POST', '/api/v1/segments/preview', { tree: { type: 'field', field: "email'; drop table contacts; --", op: 'eq', value: 'x' } });
    expect(sql.statusCode).toBe(400);
  });

  it('selects by list membership and by consent, for lists of this workspace only', async () => {
    const news = (await call('POST', '/api/v1/lists', { name: 'Segment news' })).json();
    await call('POST', `/api/v1/lists/${news.id}/members`, { contactIds: [ids.Ada, ids.Bob], consent: { source: 'admin', lawfulBasis: 'consent', proof: 'newsletter box ticked at checkout' } });
    await call('POST', `/api/v1/lists/${news.id}/members`, { contactIds: [ids.Bob], status: 'unsubscribed' });
    await call('POST', `/api/v1/contacts/${ids.Cy}/consents`, { channel: 'email', status: 'granted', source: 'form', ip: '203.0.113.9', textShown: 'Yes, email me' });
    await call('POST', `/api/v1/contacts/${ids.Ada}/consents`, { channel: 'email', listId: news.id, status: 'granted', source: 'ui' });
    await call('POST', `/api/v1/contacts/${ids.Bob}/consents`, { channel: 'email', listId: news.id, status: 'granted', source: 'api' });
    await call('POST', `/api/v1/contacts/${ids.Bob}/consents`, { channel: 'email', listId: news.id, status: 'withdrawn', source: 'api' });
    const preview = async (tree: object) => names((await call('POST', '/api/v1/segments/preview', { tree })).json().contacts);
    expect(await preview({ type: 'list', op: 'member', listId: news.id })).toEqual(['Ada']);
    expect(await preview({ type: 'list', op: 'member', listId: news.id, status: 'unsubscribed' })).toEqual(['Bob']);
    expect(await preview({ type: 'list', op: 'notMember', listId: news.id })).toEqual(['Bob', 'Cy']);
    expect(await preview({ type: 'not', child: { type: 'list', op: 'notMember', listId: news.id } })).toEqual(['Ada']);
    expect(await preview({ type: 'consent', channel: 'email', status: 'granted' })).toEqual(['Cy']);
    expect(await preview({ type: 'consent', channel: 'email', listId: news.id, status: 'granted' })).toEqual(['Ada']);
    expect(await preview({ type: 'consent', channel: 'email', listId: news.id, status: 'withdrawn' })).toEqual(['Bob']);
    const saved = await call('POST', '/api/v1/segments', { name: 'Consented news', tree: { type: 'and', children: [{ type: 'list', op: 'member', listId: news.id }, { type: 'consent', channel: 'email', listId: news.id, status: 'granted' }] } });
    expect(saved.statusCode).toBe(201);
    expect((await call('GET', `/api/v1/segments/${saved.json().id}/count`)).json().count).toBe(1);
    // Another workspace's list is "not found" to this one's segments.
    const other = await newWorkspace(t.ctx);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/segments/preview', headers: other.owner.headers, payload: { tree: { type: 'list', op: 'member', listId: news.id } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('tree.listId');
  });

  it('checks permissions: support may read but not write', async () => {
    const support = await ws.as('support');
    expect((await call('POST', '/api/v1/segments/preview', { tree: vipOpened }, support.headers)).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/segments', { name: 'Nope', tree: vipOpened }, support.headers)).statusCode).toBe(403);
  });
});

describe('builder options', () => {
  it('lists the tracked event names the workspace received, with their property names, and the product categories', async () => {
    const sent = await call('POST', '/api/v1/events', { events: [
      { eventId: 'o1', name: 'Added to Cart', email: 'ada@x.test', properties: { sku: 'MUG-1', value: 30 } },
      { eventId: 'o2', name: 'Added to Cart', email: 'bob@y.test', properties: { coupon: 'X' } },
      { eventId: 'o3', name: 'Signed Up', anonymousId: 'anon-1' },
      { eventId: 'o4', type: 'page', url: 'https://shop.test/pricing', email: 'ada@x.test' },
    ] });
    expect(sent.statusCode).toBe(200);
    await call('POST', '/api/v1/products', { sku: 'MUG-1', name: 'Mug', category: 'Kitchen', price: 10, currency: 'EUR' });
    await call('POST', '/api/v1/products', { sku: 'TEA-1', name: 'Tea', category: 'Tea', price: 5, currency: 'EUR' });
    // Another workspace's names and categories stay there.
    const other = await newWorkspace(t.ctx, 'Other');
    await call('POST', '/api/v1/events', { events: [{ eventId: 'x1', name: 'Secret Thing', anonymousId: 'a' }] }, other.owner.headers);
    await call('POST', '/api/v1/products', { sku: 'S-1', name: 'S', category: 'Secret', price: 1, currency: 'EUR' }, other.owner.headers);

    const res = await call('GET', '/api/v1/segments/builder-options');
    expect(res.statusCode).toBe(200);
    // Page views are not tracked events: they are asked with "visited".
    expect(res.json()).toEqual({
      eventNames: [{ name: 'Added to Cart', properties: ['coupon', 'sku', 'value'] }, { name: 'Signed Up', properties: [] }],
      categories: ['Kitchen', 'Tea'],
    });
  });

  it('finds the events with "tracked" and "visited" in a preview', async () => {
    const tracked = await call('POST', '/api/v1/segments/preview', { tree: { type: 'tracked', name: 'Added to Cart', where: [{ property: 'value', op: 'gt', value: 20 }] } });
    expect(names(tracked.json().contacts)).toEqual(['Ada']);
    const visited = await call('POST', '/api/v1/segments/preview', { tree: { type: 'visited', urlPattern: '/pricing*', withinDays: 7 } });
    expect(names(visited.json().contacts)).toEqual(['Ada']);
  });
});
