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

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });

describe('pipelines', () => {
  it('creates a pipeline with ordered stages, then renames, reorders, adds and removes stages', async () => {
    const res = await call('POST', '/api/v1/pipelines', { name: 'New business', stages: [{ name: 'Lead', probability: 10 }, { name: 'Proposal', probability: 50 }, { name: 'Negotiation', probability: 80 }] });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p.stages.map((s: { name: string; position: number }) => [s.name, s.position])).toEqual([['Lead', 1], ['Proposal', 2], ['Negotiation', 3]]);
    const [lead, proposal, negotiation] = p.stages;
    const patched = await call('PATCH', `/api/v1/pipelines/${p.id}`, { name: 'Sales', stages: [{ id: proposal.id, name: 'Offer', probability: 60 }, { id: lead.id, name: 'Lead', probability: 5 }, { name: 'Contract', probability: 90 }] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Sales', stages: [{ id: proposal.id, name: 'Offer', probability: 60, position: 1 }, { id: lead.id, position: 2 }, { name: 'Contract', position: 3 }] });
    expect(patched.json().stages.some((s: { id: number }) => s.id === negotiation.id)).toBe(false);
    expect((await call('GET', '/api/v1/pipelines')).json().data.map((x: { id: number }) => x.id)).toContain(p.id);
  });

  it('refuses bad stages and removing a stage or pipeline that still holds deals', async () => {
    const bad = await call('POST', '/api/v1/pipelines', { name: 'X', stages: [{ name: 'A', probability: 120 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('stages.0.probability');
    expect((await call('POST', '/api/v1/pipelines', { name: 'X', stages: [] })).json().error.details.fields[0].path).toBe('stages');

    const p = (await call('POST', '/api/v1/pipelines', { name: 'Busy', stages: [{ name: 'A', probability: 10 }, { name: 'B', probability: 50 }] })).json();
    await call('POST', '/api/v1/deals', { title: 'Held', value: 10, currency: 'EUR', pipelineId: p.id, stageId: p.stages[1].id });
    const remove = await call('PATCH', `/api/v1/pipelines/${p.id}`, { stages: [{ id: p.stages[0].id, name: 'A', probability: 10 }] });
    expect(remove.statusCode).toBe(400);
    expect(remove.json().error.details.fields[0].path).toBe('stages');
    const foreign = await call('PATCH', `/api/v1/pipelines/${p.id}`, { stages: [{ id: 999999, name: 'A', probability: 10 }] });
    expect(foreign.json().error.details.fields[0].path).toBe('stages.0.id');
    expect((await call('DELETE', `/api/v1/pipelines/${p.id}`)).statusCode).toBe(409);
    expect((await call('GET', `/api/v1/pipelines/${p.id}`)).json().stages).toHaveLength(2);
  });

  it('keeps an editable list of lost reasons, unique by label', async () => {
    const r = await call('POST', '/api/v1/lost-reasons', { label: 'Too expensive' });
    expect(r.statusCode).toBe(201);
    expect((await call('POST', '/api/v1/lost-reasons', { label: 'too EXPENSIVE' })).json().error.details.fields[0].path).toBe('label');
    expect((await call('PATCH', `/api/v1/lost-reasons/${r.json().id}`, { label: 'Price' })).json().label).toBe('Price');
    expect((await call('GET', '/api/v1/lost-reasons')).json().data.map((x: { label: string }) => x.label)).toEqual(['Price']);
    expect((await call('DELETE', `/api/v1/lost-reasons/${r.json().id}`)).statusCode).toBe(204);
  });

  it('lets only owners and admins manage pipelines; marketing never sees them', async () => {
    const sales = await ws.as('sales');
    expect((await call('POST', '/api/v1/pipelines', { name: 'Mine', stages: [{ name: 'A', probability: 1 }] }, sales.headers)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/pipelines', undefined, sales.headers)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/pipelines', undefined, (await ws.as('marketing')).headers)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/pipelines', { name: 'Admin', stages: [{ name: 'A', probability: 1 }] }, (await ws.as('admin')).headers)).statusCode).toBe(201);
  });
});
