import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { caller, makePipeline } from './deals.fixtures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe("the workspace's default currency", () => {
  it('is what a new deal takes when none is given; everyone reads it, the owner sets it to an ISO 4217 code', async () => {
    const ws = await newWorkspace(t.ctx);
    const owner = caller(t.app, ws.owner.headers);
    const sales = await ws.as('sales');
    const pipeline = await makePipeline(t.app, ws.owner.headers);
    const newDeal = async (extra: object = {}, headers = ws.owner.headers) => owner('POST', '/api/v1/deals', { title: 'Deal', value: 10, pipelineId: pipeline.id, ...extra }, headers);

    expect((await newDeal()).body.currency).toBe('EUR');
    expect((await owner('GET', '/api/v1/auth/me', undefined, sales.headers)).body.workspace.defaultCurrency).toBe('EUR');

    const bad = await owner('PATCH', '/api/v1/workspace', { settings: { defaultCurrency: 'EURO' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0]).toMatchObject({ path: 'settings.defaultCurrency' });
    expect((await owner('PATCH', '/api/v1/workspace', { settings: { defaultCurrency: 'ron' } }, sales.headers)).status).toBe(403);

    const set = await owner('PATCH', '/api/v1/workspace', { settings: { defaultCurrency: 'ron' } });
    expect(set.body.settings).toMatchObject({ defaultCurrency: 'RON', salesSeeAllDeals: false });
    expect((await newDeal({}, sales.headers)).body.currency).toBe('RON');
    expect((await newDeal({ currency: 'usd' })).body.currency).toBe('USD'); // a given currency still wins
    expect((await owner('GET', '/api/v1/auth/me', undefined, sales.headers)).body.workspace.defaultCurrency).toBe('RON');
    // Another workspace keeps its own default.
    const other = await newWorkspace(t.ctx);
    expect((await caller(t.app, other.owner.headers)('GET', '/api/v1/auth/me')).body.workspace.defaultCurrency).toBe('EUR');
  });
});
