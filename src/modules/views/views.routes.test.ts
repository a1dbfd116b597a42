import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { insertContactsBulk } from '../contacts/contacts-bulk.repo.js';
import { selectionQuery } from '../bulk/bulk.repo.js';
import { makePipeline } from '../deals/deals.fixtures.js';
import { countRows } from './views.repo.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

type Headers = { cookie: string };
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const config = { columns: ['name', 'email', 'custom.tier'], sort: 'name', order: 'asc', filters: [{ field: 'email', op: 'contains', value: 'acme' }], pageSize: 25 };

describe('saved views', () => {
  it('saves personal and shared views; others see only the shared ones', async () => {
    const marketing = await ws.as('marketing');
    const mine = await call('POST', '/api/v1/views', { entity: 'contact', name: 'Acme people', config });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({ name: 'Acme people', shared: false, mine: true, config });
    const shared = (await call('POST', '/api/v1/views', { entity: 'contact', name: 'Everyone', shared: true, config: { columns: ['name'] } })).json();
    expect(shared.config.pageSize).toBe(50);
    expect((await call('POST', '/api/v1/views', { entity: 'contact', name: 'acme PEOPLE', config })).json().error.details.fields[0].path).toBe('name');
    const theirs = (await call('GET', '/api/v1/views?entity=contact', undefined, marketing.headers)).json().data;
    expect(theirs.map((v: { name: string; mine: boolean }) => [v.name, v.mine])).toEqual([['Everyone', false]]);
    // Not theirs to change, and a personal view of someone else does not exist for them.
    expect((await call('PATCH', `/api/v1/views/${shared.id}`, { name: 'Mine now' }, marketing.headers)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/v1/views/${mine.json().id}`, undefined, marketing.headers)).statusCode).toBe(404);
    const renamed = await call('PATCH', `/api/v1/views/${mine.json().id}`, { name: 'Acme', config: { ...config, pageSize: 100 } });
    expect(renamed.json()).toMatchObject({ name: 'Acme', config: { pageSize: 100 } });
    expect((await call('DELETE', `/api/v1/views/${mine.json().id}`)).statusCode).toBe(204);
  });

  it('keeps a deal view’s status and owner, and a company view’s custom columns', async () => {
    const deal = { columns: ['title', 'custom.region'], sort: 'value', order: 'desc', status: 'open', ownerId: ws.owner.actor.userId, filters: [], pageSize: 100 };
    const saved = await call('POST', '/api/v1/views', { entity: 'deal', name: 'Open, mine', shared: true, config: deal });
    expect(saved.statusCode).toBe(201);
    expect((await call('GET', '/api/v1/views?entity=deal')).json().data[0].config).toEqual(deal);
    const company = { columns: ['name', 'custom.size'], filters: [{ field: 'custom.size', op: 'gt', value: 10 }], pageSize: 25 };
    expect((await call('POST', '/api/v1/views', { entity: 'company', name: 'Big', config: company })).json().config).toEqual(company);
    expect((await call('POST', '/api/v1/views', { entity: 'deal', name: 'Bad', config: { ...deal, status: 'closed' } })).json().error.details.fields[0].path).toBe('config.status');
  });

  it('refuses bad views naming the field', async () => {
    const bad = async (body: object) => (await call('POST', '/api/v1/views', { entity: 'contact', name: 'X', ...body })).json().error.details.fields[0].path;
    expect(await bad({ config: { columns: [], pageSize: 25 } })).toBe('config.columns');
    expect(await bad({ config: { columns: ['name'], pageSize: 30 } })).toBe('config.pageSize');
    expect(await bad({ entity: 'ticket', config: { columns: ['name'] } })).toBe('entity');
    const support = await ws.as('support');
    expect((await call('POST', '/api/v1/views', { entity: 'deal', name: 'D', config: { columns: ['title'] } }, support.headers)).statusCode).toBe(403);
  });

  it('counts what each list query matches, deals within the reader’s scope', async () => {
    const other = await newWorkspace(t.ctx);
    const h = other.owner.headers;
    await insertContactsBulk(t.ctx.db, other.id, Array.from({ length: 30 }, (_, i) => ({ first_name: `C${i}`, tags: i % 3 === 0 ? ['third'] : [] })));
    const count = async (url: string, headers = h) => (await call('GET', url, undefined, headers)).json();
    expect(await count('/api/v1/views/count/contacts')).toEqual({ count: 30, estimated: false });
    expect(await count('/api/v1/views/count/contacts?tag=third')).toEqual({ count: 10, estimated: false });
    expect(await count(`/api/v1/views/count/contacts?filters=${encodeURIComponent(JSON.stringify([{ field: 'firstName', op: 'eq', value: 'c1' }]))}`)).toEqual({ count: 1, estimated: false });
    await call('POST', '/api/v1/companies', { name: 'Counted' }, h);
    expect(await count('/api/v1/views/count/companies')).toEqual({ count: 1, estimated: false });
    const pipeline = await makePipeline(t.app, h);
    const sales = await other.as('sales');
    await call('POST', '/api/v1/deals', { title: 'Theirs', value: 1, currency: 'EUR', pipelineId: pipeline.id, ownerId: sales.actor.userId }, h);
    await call('POST', '/api/v1/deals', { title: 'Not theirs', value: 1, currency: 'EUR', pipelineId: pipeline.id }, h);
    expect(await count('/api/v1/views/count/deals')).toEqual({ count: 2, estimated: false });
    expect(await count('/api/v1/views/count/deals', sales.headers)).toEqual({ count: 1, estimated: false });
    expect((await call('GET', '/api/v1/views/count/deals', undefined, (await other.as('marketing')).headers)).statusCode).toBe(403);
    // Past the cap the count is the planner's estimate, labelled, and never below the cap.
    const estimate = await countRows(t.ctx.db, selectionQuery(t.ctx.db, { workspaceId: other.id, searchNotes: false, defs: [] }), 5);
    expect(estimate.estimated).toBe(true);
    expect(estimate.count).toBeGreaterThanOrEqual(6);
  });
});
