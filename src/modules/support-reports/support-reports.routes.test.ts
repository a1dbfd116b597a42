import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { percentile } from './support-figures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let ann: number;
let bob: number;
const at = (iso: string) => new Date(iso);

// Four tickets in the week of Monday 2024-03-04 (UTC). D counts on office hours (Mon–Fri 9–17 UTC).
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  ann = (await ws.as('support')).actor.userId!;
  bob = (await ws.as('admin')).actor.userId!;
  const db = t.ctx.db;
  const hours = await db.insertInto('business_hours').values({ workspace_id: ws.id, name: 'Office', time_zone: 'UTC', weekly: JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: 540, end: 1020 }]]))) }).returning('id').executeTakeFirstOrThrow();
  const policy = await db.insertInto('sla_policies').values({ workspace_id: ws.id, name: 'Office', first_response_minutes: 30, business_hours_id: hours.id }).returning('id').executeTakeFirstOrThrow();
  const base = { workspace_id: ws.id };
  await db.insertInto('tickets').values([
    { ...base, subject: 'A', channel: 'email', assignee_id: ann, created_at: at('2024-03-04T09:00:00Z'), first_responded_at: at('2024-03-04T09:30:00Z'), solved_at: at('2024-03-04T11:00:00Z'), status: 'solved',
      first_response_due_at: at('2024-03-04T10:00:00Z'), resolution_due_at: at('2024-03-04T12:00:00Z'), csat_requested_at: at('2024-03-04T11:01:00Z'), csat_score: 5 },
    { ...base, subject: 'B', channel: 'web', assignee_id: bob, created_at: at('2024-03-04T10:00:00Z'), first_responded_at: at('2024-03-04T11:30:00Z'), solved_at: at('2024-03-05T10:00:00Z'), status: 'solved',
      first_response_due_at: at('2024-03-04T10:30:00Z'), sla_pauses: JSON.stringify([['2024-03-04T12:00:00Z', '2024-03-04T14:00:00Z']]), csat_requested_at: at('2024-03-05T10:01:00Z') },
    { ...base, subject: 'C', channel: 'chat', created_at: at('2024-03-05T12:00:00Z'), first_response_due_at: at('2024-03-05T13:00:00Z') },
    { ...base, subject: 'D', channel: 'email', assignee_id: ann, sla_policy_id: policy.id, created_at: at('2024-03-04T16:00:00Z'), first_responded_at: at('2024-03-05T10:00:00Z'), solved_at: at('2024-03-06T08:00:00Z'), status: 'solved',
      first_response_due_at: at('2024-03-05T09:30:00Z'), csat_requested_at: at('2024-03-06T08:01:00Z'), csat_score: 3 },
    // Outside the range: not counted.
    { ...base, subject: 'E', channel: 'phone', created_at: at('2024-03-07T09:00:00Z') },
  ]).execute();
});
afterAll(() => t.close());

const report = (query: string, headers = ws.owner.headers) => t.app.inject({ method: 'GET', url: `/api/v1/reports/support?from=2024-03-04&to=2024-03-06${query}`, headers });

describe('support report', () => {
  it('measures volume, response and resolution times on business hours, SLA, CSAT and the backlog', async () => {
    const r = await report('');
    expect(r.statusCode).toBe(200);
    const { summary, agents } = r.json();
    expect(agents).toBeNull();
    expect(summary.tickets).toBe(4);
    expect(summary.byChannel).toEqual({ email: 2, web: 1, chat: 1, api: 0, phone: 0 });
    // First response: A 30, B 90, D 120 business minutes (16–17 Monday, 9–10 Tuesday).
    expect(summary.firstResponseMinutes).toEqual({ p50: 90, p90: 114, count: 3 });
    // Resolution: A 120, B 1440 less its 2-hour pause = 1320, D 60 + 480 = 540 business minutes.
    expect(summary.resolutionMinutes).toEqual({ p50: 540, p90: 1164, count: 3 });
    // Met: A's two targets. Breached: B's and D's first response, C's (never answered).
    expect(summary.sla).toEqual({ met: 2, breached: 3, metPercent: 40 });
    expect(summary.csat).toEqual({ average: 4, distribution: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 }, responses: 2, requested: 3, responseRate: 66.7 });
    expect(summary.backlog).toEqual([{ day: '2024-03-04', open: 2 }, { day: '2024-03-05', open: 2 }, { day: '2024-03-06', open: 1 }]);
  });

  it('gives every figure per agent, unassigned last', async () => {
    const { agents } = (await report('&groupBy=agent')).json();
    // By name: "admin user" (bob) before "support user" (ann).
    expect(agents.map((a: { agent: { id: number } | null }) => a.agent?.id ?? null)).toEqual([bob, ann, null]);
    const byId = new Map(agents.map((a: { agent: { id: number } | null; figures: object }) => [a.agent?.id ?? null, a.figures]));
    expect(agents.at(-1).agent).toBeNull();
    expect(byId.get(ann)).toMatchObject({ tickets: 2, firstResponseMinutes: { p50: 75 }, csat: { average: 4, responses: 2 }, sla: { met: 2, breached: 1 } });
    expect((byId.get(ann) as { backlog: object }).backlog).toEqual([{ day: '2024-03-04', open: 1 }, { day: '2024-03-05', open: 1 }, { day: '2024-03-06', open: 0 }]);
    expect(byId.get(bob)).toMatchObject({ tickets: 1, resolutionMinutes: { p50: 1320 }, csat: { responses: 0, requested: 1, responseRate: 0 } });
    expect(byId.get(null)).toMatchObject({ tickets: 1, byChannel: { chat: 1 }, sla: { met: 0, breached: 1, metPercent: 0 } });
  });

  it('downloads the summary and the agents as CSV', async () => {
    const r = await report('&groupBy=agent&format=csv');
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toContain('support-2024-03-04-2024-03-06.csv');
    const lines = r.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toMatch(/^agent,tickets,channel_email,/);
    expect(lines[1]).toMatch(/^all,4,2,1,1,0,0,90,114,540,1164,2,3,40,4,2,3,66\.7,0,0,1,0,1$/);
    expect(lines.at(-1)).toMatch(/^unassigned,1,/);
    expect(lines).toHaveLength(5);
  });

  it('is for roles with reports:support only, and refuses a range that ends before it starts', async () => {
    expect((await report('', (await ws.as('support')).headers)).statusCode).toBe(200);
    for (const role of ['sales', 'marketing', 'agency'] as const) expect((await report('', (await ws.as(role)).headers)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reports/support?from=2024-03-06&to=2024-03-04', headers: ws.owner.headers })).statusCode).toBe(400);
    const other = await newWorkspace(t.ctx);
    expect((await report('', other.owner.headers)).json().summary.tickets).toBe(0);
  });

  it('interpolates percentiles as percentile_cont does', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([10], 0.9)).toBe(10);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([0, 100], 0.9)).toBe(90);
  });
});
