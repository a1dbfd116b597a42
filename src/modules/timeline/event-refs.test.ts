import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { caller, makePipeline } from '../deals/deals.fixtures.js';
import { resolveEventRefs } from './event-refs.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Event = { kind: string; data: Record<string, unknown>; refs: Record<string, string> };

describe('timeline ids shown as names', () => {
  it('resolves owners, companies, lists and contacts to their current names', async () => {
    const ws = await newWorkspace(t.ctx);
    const owner = caller(t.app, ws.owner.headers);
    const sales = await ws.as('sales');
    const company = (await owner('POST', '/api/v1/companies', { name: 'Acme Rockets' })).body;
    const contact = (await owner('POST', '/api/v1/contacts', { firstName: 'Ada', lastName: 'Lovelace', ownerId: ws.owner.actor.userId })).body;
    await owner('PATCH', `/api/v1/contacts/${contact.id}`, { ownerId: sales.actor.userId, companyId: company.id });
    const list = (await owner('POST', '/api/v1/lists', { name: 'Invoices', purpose: 'transactional' })).body;
    expect((await owner('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [contact.id] })).status).toBe(200);
    await owner('PATCH', `/api/v1/lists/${list.id}`, { name: 'Billing' });

    const events = (await owner('GET', `/api/v1/contacts/${contact.id}/timeline?limit=50`)).body.data as Event[];
    const ownerChange = events.find((e) => e.kind === 'field_changed' && e.data.field === 'ownerId')!;
    expect(ownerChange.refs).toEqual({ [`user:${ws.owner.actor.userId}`]: 'owner user', [`user:${sales.actor.userId}`]: 'sales user' });
    const companyChange = events.find((e) => e.kind === 'field_changed' && e.data.field === 'companyId')!;
    expect(companyChange.refs).toEqual({ [`company:${company.id}`]: 'Acme Rockets' });
    const subscribed = events.find((e) => e.kind === 'list_subscribed')!;
    expect(subscribed.refs).toEqual({ [`list:${list.id}`]: 'Billing' }); // renamed since: the current name

    const companyEvents = (await owner('GET', `/api/v1/companies/${company.id}/timeline`)).body.data as Event[];
    expect(companyEvents.find((e) => e.kind === 'contact_linked')!.refs).toEqual({ [`contact:${contact.id}`]: 'Ada Lovelace' });
  });

  it("reveals no name of what the reader may not see: another's deal, users without users:read", async () => {
    const ws = await newWorkspace(t.ctx);
    const owner = caller(t.app, ws.owner.headers);
    const sales = await ws.as('sales');
    const pipeline = await makePipeline(t.app, ws.owner.headers);
    const mine = (await owner('POST', '/api/v1/deals', { title: 'Owner secret', value: 1, currency: 'EUR', pipelineId: pipeline.id, ownerId: ws.owner.actor.userId })).body;
    const theirs = (await owner('POST', '/api/v1/deals', { title: 'Sales deal', value: 1, currency: 'EUR', pipelineId: pipeline.id, ownerId: sales.actor.userId })).body;
    const events = [{ kind: 'activity_created', data: { dealId: mine.id } }, { kind: 'activity_created', data: { dealId: theirs.id } }, { kind: 'field_changed', data: { field: 'ownerId', before: null, after: sales.actor.userId } }];

    const all = await resolveEventRefs(t.ctx.db, { may: () => true }, ws.id, events);
    expect(all).toEqual([{ [`deal:${mine.id}`]: 'Owner secret' }, { [`deal:${theirs.id}`]: 'Sales deal' }, { [`user:${sales.actor.userId}`]: 'sales user' }]);
    const ownDealsOnly = await resolveEventRefs(t.ctx.db, { may: () => true, onlyDealsOwnedBy: sales.actor.userId }, ws.id, events);
    expect(ownDealsOnly.slice(0, 2)).toEqual([{}, { [`deal:${theirs.id}`]: 'Sales deal' }]);
    const noUsers = await resolveEventRefs(t.ctx.db, { may: (p) => p !== 'users:read' && p !== 'deals:read' }, ws.id, events);
    expect(noUsers).toEqual([{}, {}, {}]);
    // Another workspace's ids resolve to nothing.
    const other = await newWorkspace(t.ctx);
    expect(await resolveEventRefs(t.ctx.db, { may: () => true }, other.id, events)).toEqual([{}, {}, {}]);
  });
});
