import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { caller, makePipeline } from '../deals/deals.fixtures.js';

/** Every figure below is worked out by hand from the deals each test makes. */
let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let call: ReturnType<typeof caller>;
let salesHeaders: Record<string, string>;
let salesId: number;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  call = caller(t.app, ws.owner.headers);
  const sales = await ws.as('sales');
  salesHeaders = sales.headers;
  salesId = sales.actor.userId!;
});
afterAll(async () => t.close());

async function deal(pipelineId: number, stageId: number, title: string, value: number, currency: string, extra: object = {}) {
  const res = await call('POST', '/api/v1/deals', { title, value, currency, pipelineId, stageId, ...extra });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as number;
}
async function close(id: number, status: 'won' | 'lost', createdAt: string, closedAt: string) {
  await call('POST', `/api/v1/deals/${id}/close`, { status });
  await sql`update deals set created_at = ${createdAt}::timestamptz, closed_at = ${closedAt}::timestamptz,
    won_at = case when status = 'won' then ${closedAt}::timestamptz end, lost_at = case when status = 'lost' then ${closedAt}::timestamptz end where id = ${id}`.execute(t.ctx.db);
}
const rowsOf = (body: { rows: Record<string, unknown>[] }) => body.rows;

describe('reports', () => {
  it('forecast: weighted, best and worst case per month and currency', async () => {
    const p = await makePipeline(t.app, ws.owner.headers, 'Forecast', [20, 50, 80]);
    const [s20, s50, s80] = p.stages.map((s) => s.id);
    await deal(p.id, s20, 'D1', 1000, 'EUR', { expectedCloseDate: '2031-01-10' });
    await deal(p.id, s50, 'D2', 2000, 'EUR', { expectedCloseDate: '2031-01-20', ownerId: salesId });
    await deal(p.id, s80, 'D3', 4000, 'EUR', { expectedCloseDate: '2031-02-05' });
    await deal(p.id, s50, 'D4', 500, 'USD', { expectedCloseDate: '2031-02-10' });
    await close(await deal(p.id, s50, 'D5', 3000, 'EUR', { ownerId: salesId }), 'won', '2031-01-05T12:00:00Z', '2031-02-15T12:00:00Z');
    await deal(p.id, s50, 'D6 outside', 9999, 'EUR', { expectedCloseDate: '2031-05-01' });
    await deal(p.id, s50, 'D8 undated', 600, 'EUR');
    await close(await deal(p.id, s80, 'D7 lost', 7777, 'EUR', { expectedCloseDate: '2031-01-15' }), 'lost', '2031-01-01T00:00:00Z', '2031-01-02T00:00:00Z');

    const q = `pipelineId=${p.id}&from=2031-01-01&to=2031-03-31`;
    // Jan EUR: open 1000@20% + 2000@50% → weighted 200 + 1000 = 1200; best 3000; worst (≥80%) 0.
    // Feb EUR: won 3000 + open 4000@80% → weighted 3000 + 3200 = 6200; best 7000; worst 7000.
    // Feb USD: open 500@50% → weighted 250; best 500; worst 0.
    // No close date, EUR: open 600@50% → weighted 300; best 600; worst 0 (counted, not left out).
    expect(rowsOf((await call('GET', `/api/v1/reports/forecast?${q}`)).body)).toEqual([
      { month: '2031-01', currency: 'EUR', openDeals: 2, openValue: 3000, wonDeals: 0, won: 0, weighted: 1200, bestCase: 3000, worstCase: 0 },
      { month: '2031-02', currency: 'EUR', openDeals: 1, openValue: 4000, wonDeals: 1, won: 3000, weighted: 6200, bestCase: 7000, worstCase: 7000 },
      { month: '2031-02', currency: 'USD', openDeals: 1, openValue: 500, wonDeals: 0, won: 0, weighted: 250, bestCase: 500, worstCase: 0 },
      { month: null, currency: 'EUR', openDeals: 1, openValue: 600, wonDeals: 0, won: 0, weighted: 300, bestCase: 600, worstCase: 0 },
    ]);
    // A lower commit threshold (50%) puts D2 and D4 in the worst case: Jan EUR 2000, Feb USD 500.
    const low = rowsOf((await call('GET', `/api/v1/reports/forecast?${q}&commitThreshold=50`)).body);
    expect(low.map((r) => r.worstCase)).toEqual([2000, 7000, 500, 600]);
    // The sales user sees only their own deals (D2 and D5), with or without ownerId.
    const own = [
      { month: '2031-01', currency: 'EUR', openDeals: 1, openValue: 2000, wonDeals: 0, won: 0, weighted: 1000, bestCase: 2000, worstCase: 0 },
      { month: '2031-02', currency: 'EUR', openDeals: 0, openValue: 0, wonDeals: 1, won: 3000, weighted: 3000, bestCase: 3000, worstCase: 3000 },
    ];
    expect(rowsOf((await call('GET', `/api/v1/reports/forecast?${q}&ownerId=${salesId}`)).body)).toEqual(own);
    expect(rowsOf((await call('GET', `/api/v1/reports/forecast?${q}`, undefined, salesHeaders)).body)).toEqual(own);
    const csv = await t.app.inject({ url: `/api/v1/reports/forecast?${q}&format=csv`, headers: ws.owner.headers });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['month,currency,open_deals,open_value,won_deals,won,weighted,best_case,worst_case', '2031-01,EUR,2,3000,0,0,1200,3000,0']);
    expect(lines.at(-1)).toBe('no close date,EUR,1,600,0,0,300,600,0');
    expect((await call('GET', `/api/v1/reports/forecast?from=2031-02-01&to=2031-01-01`)).body.error.details.fields[0].path).toBe('to');
  });

  it('funnel: stage-to-stage conversion with skipped stages counted as passed, and time in stage', async () => {
    const p = await makePipeline(t.app, ws.owner.headers, 'Funnel', [10, 50, 90]);
    const [a, b, c] = p.stages.map((s) => s.id);
    const move = (id: number, stageId: number) => call('POST', `/api/v1/deals/${id}/move`, { stageId });
    const f1 = await deal(p.id, a, 'F1', 1, 'EUR'); await move(f1, b); await move(f1, c); await close(f1, 'won', '2030-06-01T00:00:00Z', '2030-07-01T00:00:00Z');
    const f2 = await deal(p.id, a, 'F2', 1, 'EUR'); await move(f2, c); await close(f2, 'lost', '2030-06-01T00:00:00Z', '2030-07-01T00:00:00Z');
    const f3 = await deal(p.id, a, 'F3', 1, 'EUR'); await move(f3, b);
    const f4 = await deal(p.id, a, 'F4', 1, 'EUR');
    const f5 = await deal(p.id, b, 'F5', 1, 'EUR'); await close(f5, 'lost', '2030-06-01T00:00:00Z', '2030-07-01T00:00:00Z');
    await sql`update deals set created_at = '2030-06-01T00:00:00Z' where id in (${f3}, ${f4})`.execute(t.ctx.db);
    // Finished stays in A: 2, 4 and 6 days → average 4.
    for (const [id, days] of [[f1, 2], [f2, 4], [f3, 6]]) {
      await sql`update deal_stage_history set entered_at = '2030-06-01T00:00:00Z', left_at = '2030-06-01T00:00:00Z'::timestamptz + ${`${days} days`}::interval where deal_id = ${id} and to_stage_id = ${a}`.execute(t.ctx.db);
    }
    const body = (await call('GET', `/api/v1/reports/funnel?pipelineId=${p.id}&from=2030-01-01&to=2030-12-31`)).body;
    // Reached A: all 5; B: F1, F2 (skipped it), F3, F5 = 4; C: F1, F2 = 2. Won 1 of the 2 that reached C.
    expect(body).toMatchObject({ deals: 5, won: 1, lost: 2, winRate: 33.33 });
    expect(body.stages.map((s: { reached: number; conversionToNext: number }) => [s.reached, s.conversionToNext])).toEqual([[5, 80], [4, 50], [2, 50]]);
    expect(body.stages[0].avgDaysInStage).toBe(4);
    expect((await call('GET', '/api/v1/reports/funnel')).body.error.details.fields[0].path).toBe('pipelineId');
  });

  it('sales performance, profitability and workload on a workspace of their own', async () => {
    const w = await newWorkspace(t.ctx);
    const c = caller(t.app, w.owner.headers);
    const s = await w.as('sales');
    const p = await makePipeline(t.app, w.owner.headers, 'Perf', [50]);
    const mk = async (title: string, value: number, currency: string, ownerId?: number) =>
      (await c('POST', '/api/v1/deals', { title, value, currency, pipelineId: p.id, ...(ownerId ? { ownerId } : {}) })).body.id as number;
    const closeIn = async (id: number, status: 'won' | 'lost', created: string, closed: string) => {
      await c('POST', `/api/v1/deals/${id}/close`, { status });
      await sql`update deals set created_at = ${created}::timestamptz, closed_at = ${closed}::timestamptz, won_at = case when status = 'won' then ${closed}::timestamptz end where id = ${id}`.execute(t.ctx.db);
    };
    const w1 = await mk('W1', 1000, 'EUR'); await closeIn(w1, 'won', '2030-03-01T00:00:00Z', '2030-03-11T00:00:00Z');
    const w2 = await mk('=Danger', 500, 'EUR'); await closeIn(w2, 'won', '2030-04-01T00:00:00Z', '2030-04-21T00:00:00Z');
    await closeIn(await mk('L1', 9, 'EUR'), 'lost', '2030-04-01T00:00:00Z', '2030-05-01T00:00:00Z');
    const w3 = await mk('W3', 2000, 'USD', s.actor.userId!); await closeIn(w3, 'won', '2030-01-01T00:00:00Z', '2030-01-31T00:00:00Z');
    for (const l of ['L2', 'L3']) await closeIn(await mk(l, 9, 'EUR', s.actor.userId!), 'lost', '2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z');
    await closeIn(await mk('W4 outside', 100, 'EUR'), 'won', '2029-12-01T00:00:00Z', '2029-12-31T00:00:00Z');
    for (const [id, label, amount] of [[w1, 'Travel', 200], [w1, 'Gift', 50], [w3, 'Subcontractor', 2500]] as const) await c('POST', `/api/v1/deals/${id}/costs`, { label, amount, date: '2030-03-01' });
    const period = 'from=2030-01-01&to=2030-12-31';

    // Owner: won 2 (10 and 20 days), lost 1 → 66.67%, cycle 15. Sales: won 1 (30 days), lost 2 → 33.33%.
    const perf = (await c('GET', `/api/v1/reports/sales-performance?${period}`)).body.rows;
    expect(perf.map((r: object) => r)).toEqual([
      { id: w.owner.actor.userId, name: 'owner user', won: 2, lost: 1, winRate: 66.67, avgSalesCycleDays: 15, wonValue: [{ currency: 'EUR', value: 1500 }] },
      { id: s.actor.userId, name: 'sales user', won: 1, lost: 2, winRate: 33.33, avgSalesCycleDays: 30, wonValue: [{ currency: 'USD', value: 2000 }] },
    ]);
    // Per pipeline: won 3, lost 3 → 50%; cycle (10 + 20 + 30) / 3 = 20.
    expect((await c('GET', `/api/v1/reports/sales-performance?${period}&groupBy=pipeline`)).body.rows).toEqual([
      { id: p.id, name: 'Perf', won: 3, lost: 3, winRate: 50, avgSalesCycleDays: 20, wonValue: [{ currency: 'EUR', value: 1500 }, { currency: 'USD', value: 2000 }] },
    ]);
    expect((await c('GET', `/api/v1/reports/sales-performance?${period}`, undefined, s.headers)).body.rows.map((r: { name: string }) => r.name)).toEqual(['sales user']);

    // W1: 1000 − 250 = 750 (75%); W2: 500 − 0 = 500 (100%); W3: 2000 − 2500 = −500 (−25%).
    const profit = (await c('GET', `/api/v1/reports/profitability?${period}`)).body;
    expect(profit.rows.map((r: { title: string; revenue: number; costs: number; margin: number; marginPercent: number }) => [r.title, r.revenue, r.costs, r.margin, r.marginPercent])).toEqual([
      ['=Danger', 500, 0, 500, 100], ['W1', 1000, 250, 750, 75], ['W3', 2000, 2500, -500, -25],
    ]);
    expect(profit.totals).toEqual([
      { currency: 'EUR', deals: 2, revenue: 1500, costs: 250, margin: 1250, marginPercent: 83.33 },
      { currency: 'USD', deals: 1, revenue: 2000, costs: 2500, margin: -500, marginPercent: -25 },
    ]);
    const csv = (await t.app.inject({ url: `/api/v1/reports/profitability?${period}&format=csv`, headers: w.owner.headers })).body;
    expect(csv).toContain("'=Danger");
    expect(csv).toContain(',-500,-25');

    // Workload, 2020-01-01..07: owner has 2 open overdue tasks (a done one does not count) and
    // 4 activities placed in the period (3 tasks + 1 call; a February call is outside); sales 1 and 1.
    await mk('Open 1', 1, 'EUR'); await mk('Open 2', 1, 'EUR'); await mk('Open S', 1, 'EUR', s.actor.userId!);
    const task = (dueAt: string, extra: object = {}) => c('POST', '/api/v1/activities', { type: 'task', subject: 't', dueAt, ...extra });
    await task('2020-01-02T09:00:00Z'); await task('2020-01-03T09:00:00Z');
    await c('PATCH', `/api/v1/activities/${(await task('2020-01-04T09:00:00Z')).body.id}`, { done: true });
    await c('POST', '/api/v1/activities', { type: 'call', subject: 'c', direction: 'inbound', occurredAt: '2020-01-05T10:00:00Z' });
    await c('POST', '/api/v1/activities', { type: 'call', subject: 'c', direction: 'inbound', occurredAt: '2020-02-01T10:00:00Z' });
    await task('2020-01-06T09:00:00Z', { assigneeId: s.actor.userId });
    const load = (await c('GET', '/api/v1/reports/workload?from=2020-01-01&to=2020-01-07')).body.rows;
    expect(load).toEqual([
      { userId: w.owner.actor.userId, name: 'owner user', openDeals: 2, overdueTasks: 2, activities: 4 },
      { userId: s.actor.userId, name: 'sales user', openDeals: 1, overdueTasks: 1, activities: 1 },
    ]);
    expect((await c('GET', '/api/v1/reports/workload?from=2020-01-01&to=2020-01-07', undefined, s.headers)).body.rows).toEqual([load[1]]);
    for (const role of ['marketing', 'agency', 'support'] as const) expect((await c('GET', '/api/v1/reports/workload', undefined, (await w.as(role)).headers)).status).toBe(403);
  });
});
