import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { caller, makePipeline } from '../deals/deals.fixtures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('timeline visibility of sales events', () => {
  it("hides other owners' deal events from a sales user who sees only their own deals", async () => {
    const ws = await newWorkspace(t.ctx);
    const owner = caller(t.app, ws.owner.headers);
    const alice = await ws.as('sales');
    const contact = (await owner('POST', '/api/v1/contacts', { firstName: 'Shared', lastName: 'Customer' })).body;
    const pipeline = await makePipeline(t.app, ws.owner.headers);
    await owner('POST', '/api/v1/deals', { title: 'Secret expansion', value: 1000, currency: 'EUR', pipelineId: pipeline.id, contactIds: [contact.id], ownerId: ws.owner.actor.userId });
    await owner('POST', '/api/v1/deals', { title: 'Alice renewal', value: 500, currency: 'EUR', pipelineId: pipeline.id, contactIds: [contact.id], ownerId: alice.actor.userId });

    const titles = async (headers: Record<string, string>) =>
      JSON.stringify((await t.app.inject({ url: `/api/v1/contacts/${contact.id}/timeline?limit=100`, headers })).json().data);
    expect(await titles(ws.owner.headers)).toContain('Secret expansion');
    const forAlice = await titles(alice.headers);
    expect(forAlice).toContain('Alice renewal');
    expect(forAlice).not.toContain('Secret expansion');
    const forMarketing = await titles((await ws.as('marketing')).headers);
    expect(forMarketing).not.toContain('renewal');

    await owner('PATCH', '/api/v1/workspace', { settings: { salesSeeAllDeals: true } });
    expect(await titles(alice.headers)).toContain('Secret expansion');
  });
});
