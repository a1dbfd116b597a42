import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { caller, makePipeline } from './deals.fixtures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let call: ReturnType<typeof caller>;
let pipeline: Awaited<ReturnType<typeof makePipeline>>;
let contactId: number;
let companyId: number;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  call = caller(t.app, ws.owner.headers);
  pipeline = await makePipeline(t.app, ws.owner.headers);
  companyId = (await call('POST', '/api/v1/companies', { name: 'Acme' })).body.id;
  contactId = (await call('POST', '/api/v1/contacts', { firstName: 'Ada', companyId })).body.id;
});
afterAll(async () => t.close());

const kinds = (events: { kind: string }[]) => events.map((e) => e.kind);

describe('deals', () => {
  it('creates a deal with contacts, company, custom fields and tags; moves, wins and reopens it with a recorded history', async () => {
    await call('POST', '/api/v1/custom-fields', { entity: 'deal', key: 'source', label: 'Source', type: 'select', options: ['web', 'referral'] });
    const created = await call('POST', '/api/v1/deals', { title: 'Big sale', value: 1200.5, currency: 'eur', expectedCloseDate: '2031-03-15', pipelineId: pipeline.id, companyId, contactIds: [contactId], tags: ['Q1'], custom: { source: 'web' } });
    expect(created.status).toBe(201);
    const d = created.body;
    expect(d).toMatchObject({ title: 'Big sale', value: 1200.5, currency: 'EUR', status: 'open', stageId: pipeline.stages[0].id, ownerId: ws.owner.actor.userId, company: { id: companyId, name: 'Acme' }, contactIds: [contactId], tags: ['q1'], custom: { source: 'web' } });

    expect((await call('POST', `/api/v1/deals/${d.id}/move`, { stageId: pipeline.stages[2].id })).body.stage.probability).toBe(80);
    const won = await call('POST', `/api/v1/deals/${d.id}/close`, { status: 'won' });
    expect(won.body).toMatchObject({ status: 'won' });
    expect(won.body.wonAt).not.toBeNull();
    expect(won.body.salesCycleDays).toBeGreaterThanOrEqual(0);
    expect((await call('POST', `/api/v1/deals/${d.id}/move`, { stageId: pipeline.stages[1].id })).status).toBe(409);

    const history = (await call('GET', `/api/v1/deals/${d.id}/history`)).body.data;
    expect(history.map((h: { fromStage: { id: number } | null; toStage: { id: number } }) => [h.fromStage?.id ?? null, h.toStage.id])).toEqual([[null, pipeline.stages[0].id], [pipeline.stages[0].id, pipeline.stages[2].id]]);
    expect(history.every((h: { leftAt: string | null; secondsInStage: number }) => h.leftAt !== null && h.secondsInStage >= 0)).toBe(true);

    const reopened = await call('POST', `/api/v1/deals/${d.id}/reopen`);
    expect(reopened.body).toMatchObject({ status: 'open', wonAt: null, closedAt: null, stageId: pipeline.stages[2].id });

    const dealEvents = kinds((await call('GET', `/api/v1/deals/${d.id}/timeline`)).body.data);
    expect(dealEvents).toEqual(['deal_reopened', 'deal_won', 'deal_stage_changed', 'deal_created']);
    for (const url of [`/api/v1/contacts/${contactId}/timeline`, `/api/v1/companies/${companyId}/timeline`]) {
      const events = (await call('GET', url)).body.data.filter((e: { kind: string }) => e.kind.startsWith('deal_'));
      expect(kinds(events), url).toEqual(['deal_reopened', 'deal_won', 'deal_stage_changed', 'deal_created']);
      expect(events[2].data).toMatchObject({ dealId: d.id, fromStage: pipeline.stages[0].name, toStage: pipeline.stages[2].name });
    }
    const marketing = await ws.as('marketing');
    const hidden = (await call('GET', `/api/v1/contacts/${contactId}/timeline`, undefined, marketing.headers)).body.data;
    expect(hidden.some((e: { kind: string }) => e.kind.startsWith('deal_'))).toBe(false);
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const other = await makePipeline(t.app, ws.owner.headers, 'Other');
    const foreign = await newWorkspace(t.ctx);
    const foreignContact = (await caller(t.app, foreign.owner.headers)('POST', '/api/v1/contacts', { firstName: 'Eve' })).body.id;
    const base = { title: 'Bad', value: 10, currency: 'EUR', pipelineId: pipeline.id };
    const cases: [object, string][] = [
      [{ stageId: other.stages[0].id }, 'stageId'],
      [{ value: -1 }, 'value'],
      [{ value: 1.234 }, 'value'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ expectedCloseDate: '2025-02-30' }, 'expectedCloseDate'],
      [{ expectedCloseDate: 'next tuesday' }, 'expectedCloseDate'],
      [{ contactIds: [contactId, foreignContact] }, 'contactIds.1'],
      [{ ownerId: foreign.owner.actor.userId }, 'ownerId'],
      [{ pipelineId: 999999 }, 'pipelineId'],
      [{ custom: { nope: 1 } }, 'custom.nope'],
    ];
    for (const [patch, path] of cases) {
      const res = await call('POST', '/api/v1/deals', { ...base, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.error.details.fields.map((f: { path: string }) => f.path), JSON.stringify(patch)).toContain(path);
    }
    expect((await call('GET', '/api/v1/deals?q=bad')).body.data).toHaveLength(0);

    const d = (await call('POST', '/api/v1/deals', { ...base, title: 'Good' })).body;
    const move = await call('POST', `/api/v1/deals/${d.id}/move`, { stageId: other.stages[1].id });
    expect(move.status).toBe(400);
    expect(move.body.error.details.fields[0].path).toBe('stageId');
    const patch = await call('PATCH', `/api/v1/deals/${d.id}`, { value: 99, contactIds: [foreignContact] });
    expect(patch.body.error.details.fields[0].path).toBe('contactIds.0');
    expect((await call('GET', `/api/v1/deals/${d.id}`)).body).toMatchObject({ value: 10, contactIds: [], stageId: pipeline.stages[0].id });
    const across = await call('POST', `/api/v1/deals/${d.id}/move`, { pipelineId: other.id, stageId: other.stages[1].id });
    expect(across.body).toMatchObject({ pipelineId: other.id, stageId: other.stages[1].id });
  });

  it('serves the kanban board with column counts and totals, and loads more per column', async () => {
    const p = await makePipeline(t.app, ws.owner.headers, 'Board');
    for (let i = 0; i < 5; i++) await call('POST', '/api/v1/deals', { title: `B${i}`, value: 100 * (i + 1), currency: 'EUR', pipelineId: p.id, stageId: p.stages[0].id });
    await call('POST', '/api/v1/deals', { title: 'USD one', value: 40, currency: 'USD', pipelineId: p.id, stageId: p.stages[0].id });
    const lost = (await call('POST', '/api/v1/deals', { title: 'Lost', value: 999, currency: 'EUR', pipelineId: p.id, stageId: p.stages[1].id })).body;
    await call('POST', `/api/v1/deals/${lost.id}/close`, { status: 'lost' });
    const board = (await call('GET', `/api/v1/pipelines/${p.id}/board?limit=4`)).body;
    const [first, second] = board.stages;
    expect(first).toMatchObject({ count: 6, totals: [{ currency: 'EUR', value: 1500, weighted: 300 }, { currency: 'USD', value: 40, weighted: 8 }] });
    expect(first.deals.map((d: { title: string }) => d.title)).toEqual(['USD one', 'B4', 'B3', 'B2']);
    expect(second).toMatchObject({ count: 0, totals: [], deals: [], nextCursor: null });
    const more = (await call('GET', `/api/v1/pipelines/${p.id}/board?limit=4&stageId=${first.id}&cursor=${first.nextCursor}`)).body;
    expect(more.stages).toHaveLength(1);
    expect(more.stages[0].deals.map((d: { title: string }) => d.title)).toEqual(['B1', 'B0']);
    expect(more.stages[0].nextCursor).toBeNull();
    expect((await call('GET', `/api/v1/pipelines/${p.id}/board?stageId=${pipeline.stages[0].id}`)).body.error.details.fields[0].path).toBe('stageId');
  });

  it('lists deals with the table filters, sorts and keyset pages', async () => {
    const p = await makePipeline(t.app, ws.owner.headers, 'Table');
    for (const [title, value] of [['Alpha', 300], ['Beta', 100], ['Gamma', 200]] as const) await call('POST', '/api/v1/deals', { title, value, currency: 'EUR', pipelineId: p.id, tags: value > 150 ? ['big'] : [] });
    const byValue = (await call('GET', `/api/v1/deals?pipelineId=${p.id}&sort=value&order=asc&limit=2`)).body;
    expect(byValue.data.map((d: { title: string }) => d.title)).toEqual(['Beta', 'Gamma']);
    const next = (await call('GET', `/api/v1/deals?pipelineId=${p.id}&sort=value&order=asc&limit=2&cursor=${byValue.nextCursor}`)).body;
    expect(next.data.map((d: { title: string }) => d.title)).toEqual(['Alpha']);
    expect((await call('GET', `/api/v1/deals?pipelineId=${p.id}&tag=big&sort=title&order=asc`)).body.data.map((d: { title: string }) => d.title)).toEqual(['Alpha', 'Gamma']);
    const filters = encodeURIComponent(JSON.stringify([{ field: 'title', op: 'startsWith', value: 'gam' }]));
    expect((await call('GET', `/api/v1/deals?filters=${filters}`)).body.data.map((d: { title: string }) => d.title)).toEqual(['Gamma']);
    expect((await call('GET', `/api/v1/deals?status=won&pipelineId=${p.id}`)).body.data).toHaveLength(0);
    expect((await call('GET', `/api/v1/deals?contactId=${contactId}`)).body.data.map((d: { title: string }) => d.title)).toContain('Big sale');
  });

  it('records costs and shows revenue, costs and margin once won', async () => {
    const d = (await call('POST', '/api/v1/deals', { title: 'Costly', value: 1000, currency: 'EUR', pipelineId: pipeline.id })).body;
    await call('POST', `/api/v1/deals/${d.id}/costs`, { label: 'Travel', amount: 150.25, date: '2025-01-10' });
    const c2 = (await call('POST', `/api/v1/deals/${d.id}/costs`, { label: '=cmd()', amount: 100, date: '2025-01-11' })).body;
    expect((await call('POST', `/api/v1/deals/${d.id}/costs`, { label: 'Neg', amount: -5, date: '2025-01-11' })).body.error.details.fields[0].path).toBe('amount');
    expect((await call('GET', `/api/v1/deals/${d.id}`)).body.financials).toEqual({ currency: 'EUR', revenue: 0, costs: 250.25, margin: -250.25, marginPercent: null });
    await call('POST', `/api/v1/deals/${d.id}/close`, { status: 'won' });
    expect((await call('GET', `/api/v1/deals/${d.id}`)).body.financials).toEqual({ currency: 'EUR', revenue: 1000, costs: 250.25, margin: 749.75, marginPercent: 74.98 });
    expect((await call('DELETE', `/api/v1/deals/${d.id}/costs/${c2.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/deals/${d.id}/costs`)).body).toMatchObject({ data: [{ label: 'Travel', amount: 150.25 }], financials: { margin: 849.75 } });
  });

  it('lets sales see and edit only their own deals unless the workspace allows all; marketing and agency never', async () => {
    const sales = await ws.as('sales');
    const mine = (await call('POST', '/api/v1/deals', { title: 'Sales own', value: 5, currency: 'EUR', pipelineId: pipeline.id }, sales.headers)).body;
    const theirs = (await call('POST', '/api/v1/deals', { title: 'Owner only', value: 5, currency: 'EUR', pipelineId: pipeline.id })).body;
    expect(mine.ownerId).toBe(sales.actor.userId);
    const listed = (await call('GET', '/api/v1/deals?limit=500', undefined, sales.headers)).body.data.map((d: { id: number }) => d.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);
    expect((await call('GET', `/api/v1/deals/${theirs.id}`, undefined, sales.headers)).status).toBe(404);
    expect((await call('PATCH', `/api/v1/deals/${theirs.id}`, { title: 'x' }, sales.headers)).status).toBe(404);
    const board = (await call('GET', `/api/v1/pipelines/${pipeline.id}/board`, undefined, sales.headers)).body;
    expect(board.stages.flatMap((s: { deals: { id: number }[] }) => s.deals.map((d) => d.id))).toEqual([mine.id]);
    expect(board.stages[0].count).toBe(1);

    expect((await call('PATCH', '/api/v1/workspace', { settings: { salesSeeAllDeals: true } }, sales.headers)).status).toBe(403);
    expect((await call('PATCH', '/api/v1/workspace', { settings: { salesSeeAllDeals: true } })).body.settings).toEqual({ salesSeeAllDeals: true, defaultCurrency: 'EUR' });
    expect((await call('PATCH', `/api/v1/deals/${theirs.id}`, { title: 'Edited by sales' }, sales.headers)).body.title).toBe('Edited by sales');
    await call('PATCH', '/api/v1/workspace', { settings: { salesSeeAllDeals: false } });
    expect((await call('GET', `/api/v1/deals/${theirs.id}`, undefined, sales.headers)).status).toBe(404);

    for (const role of ['marketing', 'agency', 'support'] as const) {
      const h = (await ws.as(role)).headers;
      expect((await call('GET', '/api/v1/deals', undefined, h)).status, role).toBe(403);
      expect((await call('GET', `/api/v1/deals/${mine.id}/costs`, undefined, h)).status, role).toBe(403);
    }
  });
});
