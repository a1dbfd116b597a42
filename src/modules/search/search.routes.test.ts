import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { makePipeline } from '../deals/deals.fixtures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

type Headers = { cookie: string };
const call = (method: 'GET' | 'POST', url: string, payload?: object, headers: Headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const hits = async (q: string, headers?: Headers) => (await call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, undefined, headers)).json().data as { kind: string; title: string }[];

describe('global search', () => {
  it('finds contacts, companies, deals and lists, with deal visibility and per-role kinds', async () => {
    const sales = await ws.as('sales');
    const company = (await call('POST', '/api/v1/companies', { name: 'Zephyr Labs' })).json();
    await call('POST', '/api/v1/contacts', { firstName: 'Zelda', lastName: 'Zephyr', email: 'zelda@zephyr.test', companyId: company.id });
    await call('POST', '/api/v1/lists', { name: 'Zephyr fans' });
    const pipeline = await makePipeline(t.app, ws.owner.headers);
    await call('POST', '/api/v1/deals', { title: 'Zephyr renewal', value: 1200, currency: 'EUR', pipelineId: pipeline.id, ownerId: ws.owner.actor.userId });
    await call('POST', '/api/v1/deals', { title: 'Zephyr upsell', value: 50, currency: 'EUR', pipelineId: pipeline.id, ownerId: sales.actor.userId });

    const all = await hits('zephyr');
    expect(all.map((h) => `${h.kind}:${h.title}`).sort()).toEqual([
      'company:Zephyr Labs', 'contact:Zelda Zephyr', 'deal:Zephyr renewal', 'deal:Zephyr upsell', 'list:Zephyr fans',
    ]);
    // A sales user sees only their own deal; marketing reads no deals at all.
    expect((await hits('zephyr', sales.headers)).filter((h) => h.kind === 'deal').map((h) => h.title)).toEqual(['Zephyr upsell']);
    const marketing = await ws.as('marketing');
    expect((await hits('zephyr', marketing.headers)).map((h) => h.kind)).not.toContain('deal');
    // Another workspace finds nothing of this one.
    const other = await newWorkspace(t.ctx);
    expect(await hits('zephyr', other.owner.headers)).toEqual([]);
  });

  it('is bounded and refuses bad input naming the field', async () => {
    expect((await call('GET', '/api/v1/search?q=')).json().error.details.fields[0].path).toBe('q');
    expect((await call('GET', '/api/v1/search?q=a&limit=500')).json().error.details.fields[0].path).toBe('limit');
    expect((await call('GET', `/api/v1/search?q=${'x'.repeat(201)}`)).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/search?q=%00')).statusCode).toBe(400);
    expect(await hits("'&|!")).toEqual([]);
  });
});
