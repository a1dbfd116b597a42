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

type Headers = { cookie: string };
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const contact = async (firstName: string, extra: object = {}) => (await call('POST', '/api/v1/contacts', { firstName, ...extra })).json().id as number;
const bulk = (selection: object, action: object, headers?: Headers) => call('POST', '/api/v1/bulk/contacts', { selection, action }, headers);
const get = async (id: number) => (await call('GET', `/api/v1/contacts/${id}`)).json();
const consent = { source: 'admin', lawfulBasis: 'consent', proof: 'Signed up at the spring fair, paper form #12' };

describe('bulk actions on contacts', () => {
  it('tags and untags picked contacts, with timeline events and one audit entry', async () => {
    const [a, b] = [await contact('Ann', { tags: ['vip'] }), await contact('Bob')];
    const tagged = await bulk({ mode: 'ids', ids: [a, b] }, { type: 'tag', tags: ['VIP', 'fair'] });
    expect(tagged.statusCode).toBe(201);
    expect(tagged.json()).toMatchObject({ status: 'done', total: 2, processed: 2, result: { changed: 2 } });
    expect((await get(a)).tags).toEqual(['vip', 'fair']);
    expect((await get(b)).tags).toEqual(['vip', 'fair']);
    const timeline = (await call('GET', `/api/v1/contacts/${a}/timeline`)).json().data;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'tag_added').map((e: { data: { tag: string } }) => e.data.tag)).toEqual(['fair', 'vip']);
    const audit = (await call('GET', `/api/v1/audit-log?entity=bulk_operation&entityId=${tagged.json().id}`)).json().data;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'bulk_tag', after: { total: 2, result: { changed: 2 } } });
    const untagged = await bulk({ mode: 'ids', ids: [a, b] }, { type: 'untag', tags: ['vip'] });
    expect(untagged.json().result.changed).toBe(2);
    expect((await get(b)).tags).toEqual(['fair']);
  });

  it('selects everything matching the list query, and assigns an owner', async () => {
    const sales = await ws.as('sales');
    const ids = [await contact('Match1', { tags: ['q3'] }), await contact('Match2', { tags: ['q3'] })];
    const other = await contact('Other');
    const op = await bulk({ mode: 'query', query: { tag: 'q3' } }, { type: 'assignOwner', ownerId: sales.actor.userId });
    expect(op.json()).toMatchObject({ total: 2, result: { changed: 2 } });
    for (const id of ids) expect((await get(id)).ownerId).toBe(sales.actor.userId);
    expect((await get(other)).ownerId).toBeNull();
    const byFilter = await bulk({ mode: 'query', query: { filters: [{ field: 'firstName', op: 'startsWith', value: 'match' }] } }, { type: 'tag', tags: ['matched'] });
    expect(byFilter.json().total).toBe(2);
  });

  it('adds to and removes from a list through the consent rules, and to a static segment', async () => {
    const ids = [await contact('L1', { email: 'l1@example.com' }), await contact('L2', { email: 'l2@example.com' })];
    const list = (await call('POST', '/api/v1/lists', { name: 'Bulk news' })).json();
    const noConsent = await bulk({ mode: 'ids', ids }, { type: 'addToList', listId: list.id });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().error.details.fields[0].path).toBe('action.consent');
    const added = await bulk({ mode: 'ids', ids }, { type: 'addToList', listId: list.id, consent });
    expect(added.json().result).toMatchObject({ added: 2 });
    expect((await call('GET', `/api/v1/lists/${list.id}`)).json().members.subscribed).toBe(2);
    // One audit entry for the operation, none per list batch.
    expect((await call('GET', `/api/v1/audit-log?entity=list&entityId=${list.id}`)).json().data.map((a: { action: string }) => a.action)).toEqual(['create']);
    const removed = await bulk({ mode: 'ids', ids }, { type: 'removeFromList', listId: list.id });
    expect(removed.json().result).toMatchObject({ unsubscribed: 2 });
    const dynamic = (await call('POST', '/api/v1/segments', { name: 'Dyn', tree: { type: 'tags', op: 'hasAny', tags: ['x'] } })).json();
    const refused = await bulk({ mode: 'ids', ids }, { type: 'addToSegment', segmentId: dynamic.id });
    expect(refused.json().error.details.fields[0].path).toBe('action.segmentId');
    const frozen = (await call('POST', '/api/v1/segments', { name: 'Frozen', kind: 'static', tree: { type: 'tags', op: 'hasAny', tags: ['nobody-has-this'] } })).json();
    const seg = await bulk({ mode: 'ids', ids }, { type: 'addToSegment', segmentId: frozen.id });
    expect(seg.json().result.changed).toBe(2);
    expect((await call('GET', `/api/v1/contacts?segmentId=${frozen.id}`)).json().data).toHaveLength(2);
  });

  it('turns a segment into a new list in one action', async () => {
    await contact('S1', { email: 's1@example.com', tags: ['seg2list'] });
    await contact('S2', { email: 's2@example.com', tags: ['seg2list'] });
    const seg = (await call('POST', '/api/v1/segments', { name: 'To list', tree: { type: 'tags', op: 'hasAny', tags: ['seg2list'] } })).json();
    const res = await call('POST', '/api/v1/bulk/segment-to-list', { segmentId: seg.id, name: 'From segment', consent });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ action: 'addToList', total: 2, result: { added: 2 } });
    expect((await call('GET', `/api/v1/lists/${res.json().listId}`)).json()).toMatchObject({ name: 'From segment', members: { subscribed: 2 } });
    expect((await call('POST', '/api/v1/bulk/segment-to-list', { segmentId: seg.id })).json().error.details.fields[0].path).toBe('listId');
  });

  it('leaves no empty list behind when the operation is refused', async () => {
    const marketing = await ws.as('marketing');
    const notes = (await call('POST', '/api/v1/segments', { name: 'Notes say', tree: { type: 'event', kind: 'note_added', where: [{ property: 'body', op: 'contains', value: 'renewal' }] } })).json();
    const res = await call('POST', '/api/v1/bulk/segment-to-list', { segmentId: notes.id, name: 'Refused list', consent }, marketing.headers);
    expect(res.statusCode).toBe(403);
    const lists = (await call('GET', '/api/v1/lists?limit=100')).json().data.map((l: { name: string }) => l.name);
    expect(lists).not.toContain('Refused list');
  });

  it('deletes with an undo window: hidden at once, restored by undo', async () => {
    const ids = [await contact('Del1'), await contact('Del2')];
    const op = (await bulk({ mode: 'ids', ids }, { type: 'delete' })).json();
    expect(op.status).toBe('undoable');
    expect(new Date(op.undoUntil).getTime()).toBeGreaterThan(Date.now());
    const names = async () => (await call('GET', '/api/v1/contacts?q=del1')).json().data.map((c: { firstName: string }) => c.firstName);
    expect(await names()).toEqual([]);
    const undone = await call('POST', `/api/v1/bulk-operations/${op.id}/undo`);
    expect(undone.json()).toMatchObject({ status: 'undone', result: { restored: 2 } });
    expect(await names()).toEqual(['Del1']);
    expect((await call('POST', `/api/v1/bulk-operations/${op.id}/undo`)).statusCode).toBe(409);
  });

  it('exports the selection as CSV', async () => {
    const ids = [await contact('Exp1', { email: 'exp1@example.com' }), await contact('Exp2')];
    const op = (await bulk({ mode: 'ids', ids }, { type: 'export' })).json();
    const csv = await call('GET', `/api/v1/bulk-operations/${op.id}/export.csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('exp1@example.com');
  });

  it('checks each action’s permission and refuses absurd or empty selections', async () => {
    const support = await ws.as('support');
    const id = await contact('Perm');
    expect((await bulk({ mode: 'ids', ids: [id] }, { type: 'delete' }, support.headers)).statusCode).toBe(403);
    expect((await bulk({ mode: 'ids', ids: [id] }, { type: 'export' }, support.headers)).statusCode).toBe(403);
    expect((await bulk({ mode: 'ids', ids: [id] }, { type: 'tag', tags: ['ok'] }, support.headers)).statusCode).toBe(201);
    const tooMany = await bulk({ mode: 'ids', ids: Array.from({ length: 1001 }, (_, i) => i + 1) }, { type: 'tag', tags: ['x'] });
    expect(tooMany.json().error.details.fields[0].path).toBe('selection.ids');
    const none = await bulk({ mode: 'query', query: { tag: 'no-such-tag' } }, { type: 'tag', tags: ['x'] });
    expect(none.json().error.details.fields[0].path).toBe('selection');
    const other = await newWorkspace(t.ctx);
    const foreign = await bulk({ mode: 'ids', ids: [id] }, { type: 'tag', tags: ['x'] }, other.owner.headers);
    expect(foreign.statusCode).toBe(400);
    expect((await get(id)).tags).toEqual(['ok']);
    expect((await bulk({ mode: 'ids', ids: [id] }, { type: 'assignOwner', ownerId: 999_999 })).json().error.details.fields[0].path).toBe('action.ownerId');
  });
});
