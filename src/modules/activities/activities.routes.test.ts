import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { caller, makePipeline } from '../deals/deals.fixtures.js';
import { runTaskReminder } from '../notifications/task-reminder.job.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let call: ReturnType<typeof caller>;
let dealId: number;
let contactId: number;
let companyId: number;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  call = caller(t.app, ws.owner.headers);
  const p = await makePipeline(t.app, ws.owner.headers);
  companyId = (await call('POST', '/api/v1/companies', { name: 'Globex' })).body.id;
  contactId = (await call('POST', '/api/v1/contacts', { firstName: 'Hank', companyId })).body.id;
  dealId = (await call('POST', '/api/v1/deals', { title: 'Globex deal', value: 10, currency: 'USD', pipelineId: p.id, companyId, contactIds: [contactId] })).body.id;
});
afterAll(async () => t.close());

const hour = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('activities', () => {
  it('logs calls, plans meetings and adds tasks, shown on the deal, contact and company timelines', async () => {
    const c = await call('POST', '/api/v1/activities', { type: 'call', subject: 'Intro call', direction: 'outbound', outcome: 'connected', durationSeconds: 300, dealId, contactId });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ type: 'call', call: { direction: 'outbound', outcome: 'connected', durationSeconds: 300 }, companyId, deal: { id: dealId, title: 'Globex deal' }, meeting: null });
    const m = await call('POST', '/api/v1/activities', { type: 'meeting', subject: 'Demo', startAt: '2030-05-01T09:00:00Z', endAt: '2030-05-01T10:00:00+00:00', location: 'Room 1', attendees: [{ name: 'Hank', email: 'hank@globex.example' }], contactId });
    expect(m.body.meeting).toMatchObject({ location: 'Room 1', attendees: [{ name: 'Hank', email: 'hank@globex.example' }] });
    const task = await call('POST', '/api/v1/activities', { type: 'task', subject: 'Send proposal', dueAt: iso(Date.now() + 48 * hour), dealId });
    expect(task.body).toMatchObject({ type: 'task', done: false, assigneeId: ws.owner.actor.userId });
    expect((await call('PATCH', `/api/v1/activities/${task.body.id}`, { done: true })).body.done).toBe(true);

    const dealKinds = (await call('GET', `/api/v1/deals/${dealId}/timeline`)).body.data.map((e: { kind: string }) => e.kind);
    expect(dealKinds.slice(0, 3)).toEqual(['activity_completed', 'activity_created', 'activity_created']);
    const contactKinds = (await call('GET', `/api/v1/contacts/${contactId}/timeline`)).body.data.map((e: { kind: string }) => e.kind);
    expect(contactKinds.filter((k: string) => k.startsWith('activity_'))).toEqual(['activity_created', 'activity_created']);
    const listed = (await call('GET', `/api/v1/activities?dealId=${dealId}`)).body.data.map((a: { subject: string }) => a.subject);
    expect(listed.sort()).toEqual(['Intro call', 'Send proposal']);
    expect((await call('GET', `/api/v1/activities?contactId=${contactId}&type=meeting`)).body.data).toHaveLength(1);

    const ics = await t.app.inject({ url: `/api/v1/activities/${m.body.id}/invite.ics`, headers: ws.owner.headers });
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VEVENT');
    expect(ics.body).toContain('DTSTART:20300501T090000Z');
    expect(ics.body).toContain('hank@globex.example');
    expect((await call('GET', `/api/v1/activities/${c.body.id}/invite.ics`)).status).toBe(404);
  });

  it('refuses fields of another type, missing required ones and bad dates, naming the field', async () => {
    const cases: [object, string][] = [
      [{ type: 'call', subject: 'x' }, 'direction'],
      [{ type: 'call', subject: 'x', direction: 'outbound', dueAt: iso(Date.now()) }, 'dueAt'],
      [{ type: 'meeting', subject: 'x', startAt: '2030-01-01T10:00:00Z', endAt: '2030-01-01T09:00:00Z' }, 'endAt'],
      [{ type: 'meeting', subject: 'x', endAt: '2030-01-01T09:00:00Z' }, 'startAt'],
      [{ type: 'task', subject: 'x', dueAt: 'tomorrow' }, 'dueAt'],
      [{ type: 'task', subject: 'x', dealId: 999999 }, 'dealId'],
      [{ type: 'task', subject: 'x', contactId: 999999 }, 'contactId'],
    ];
    for (const [payload, path] of cases) {
      const res = await call('POST', '/api/v1/activities', payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.error.details.fields.map((f: { path: string }) => f.path), JSON.stringify(payload)).toContain(path);
    }
    const task = (await call('POST', '/api/v1/activities', { type: 'task', subject: 'y' })).body;
    expect((await call('PATCH', `/api/v1/activities/${task.id}`, { direction: 'inbound' })).body.error.details.fields[0].path).toBe('direction');
  });

  it('schedules a follow-up task in one step, marking the original done', async () => {
    const call1 = (await call('POST', '/api/v1/activities', { type: 'call', subject: 'Check-in', direction: 'inbound', dealId, contactId })).body;
    const res = await call('POST', `/api/v1/activities/${call1.id}/follow-up`, { dueAt: iso(Date.now() + 24 * hour) });
    expect(res.status).toBe(201);
    expect(res.body.source.done).toBe(true);
    expect(res.body.followUp).toMatchObject({ type: 'task', subject: 'Follow up: Check-in', dealId, contactId, companyId, followUpOf: call1.id, done: false });
    const bad = await call('POST', `/api/v1/activities/${call1.id}/follow-up`, { dueAt: 'soon' });
    expect(bad.body.error.details.fields[0].path).toBe('dueAt');
  });

  it("shows 'My day': overdue, due today and upcoming tasks of the caller", async () => {
    const other = await newWorkspace(t.ctx);
    const c = caller(t.app, other.owner.headers);
    const sales = await other.as('sales');
    const now = Date.now();
    await c('POST', '/api/v1/activities', { type: 'task', subject: 'late', dueAt: iso(now - 2 * hour) });
    await c('POST', '/api/v1/activities', { type: 'task', subject: 'soon', dueAt: iso(now + 60_000) });
    await c('POST', '/api/v1/activities', { type: 'task', subject: 'in three days', dueAt: iso(now + 72 * hour) });
    await c('POST', '/api/v1/activities', { type: 'task', subject: 'next month', dueAt: iso(now + 30 * 24 * hour) });
    await c('POST', '/api/v1/activities', { type: 'task', subject: 'not mine', dueAt: iso(now - hour), assigneeId: sales.actor.userId });
    const done = (await c('POST', '/api/v1/activities', { type: 'task', subject: 'done', dueAt: iso(now - hour) })).body;
    await c('PATCH', `/api/v1/activities/${done.id}`, { done: true });
    const day = (await c('GET', '/api/v1/tasks/my-day?tz=UTC&days=7')).body;
    const subjects = (xs: { subject: string }[]) => xs.map((x) => x.subject);
    expect(subjects(day.overdue)).toEqual(['late']);
    // 'soon' is today unless the test runs in the last minute before midnight (UTC); either way it comes first.
    expect(subjects([...day.today, ...day.upcoming])).toEqual(['soon', 'in three days']);
    expect((await c('GET', '/api/v1/tasks/my-day?tz=Mars/Olympus')).body.error.details.fields[0].path).toBe('tz');
    expect(subjects((await c('GET', '/api/v1/tasks/my-day', undefined, sales.headers)).body.overdue)).toEqual(['not mine']);
  });

  it('hides activities on deals a sales user cannot see, and from marketing entirely', async () => {
    const sales = await ws.as('sales');
    const onDeal = (await call('POST', '/api/v1/activities', { type: 'task', subject: 'Secret deal task', dealId })).body;
    const free = (await call('POST', '/api/v1/activities', { type: 'task', subject: 'General task' })).body;
    const seen = (await call('GET', '/api/v1/activities?limit=500', undefined, sales.headers)).body.data.map((a: { id: number }) => a.id);
    expect(seen).toContain(free.id);
    expect(seen).not.toContain(onDeal.id);
    expect((await call('GET', `/api/v1/activities/${onDeal.id}`, undefined, sales.headers)).status).toBe(404);
    expect((await call('POST', '/api/v1/activities', { type: 'task', subject: 'x', dealId }, sales.headers)).body.error.details.fields[0].path).toBe('dealId');
    const assigned = (await call('POST', '/api/v1/activities', { type: 'task', subject: 'For sales', dealId, assigneeId: sales.actor.userId })).body;
    expect((await call('GET', `/api/v1/activities/${assigned.id}`, undefined, sales.headers)).status).toBe(200);
    for (const role of ['marketing', 'agency'] as const) expect((await call('GET', '/api/v1/activities', undefined, (await ws.as(role)).headers)).status).toBe(403);
  });

  it("shows a user an activity assigned to them on a deal they cannot see, without that deal's id or title, everywhere", async () => {
    for (const role of ['sales', 'support'] as const) {
      const user = await ws.as(role);
      const task = (await call('POST', '/api/v1/activities', { type: 'task', subject: `Assigned to ${role}`, dealId, contactId, assigneeId: user.actor.userId, dueAt: iso(Date.now() - hour) })).body;
      expect(task.deal).toMatchObject({ id: dealId, title: 'Globex deal' });
      expect(task.dealHidden).toBe(false);
      const detail = await call('GET', `/api/v1/activities/${task.id}`, undefined, user.headers);
      const list = await call('GET', `/api/v1/activities?contactId=${contactId}&limit=500`, undefined, user.headers);
      const day = await call('GET', '/api/v1/tasks/my-day', undefined, user.headers);
      const patched = await call('PATCH', `/api/v1/activities/${task.id}`, { notes: 'called back' }, user.headers);
      const follow = await call('POST', `/api/v1/activities/${task.id}/follow-up`, { dueAt: iso(Date.now() + hour) }, user.headers);
      expect(follow.status).toBe(201);
      const shown = [detail.body, list.body.data.find((a: { id: number }) => a.id === task.id), day.body.overdue.find((a: { id: number }) => a.id === task.id), patched.body, follow.body.source, follow.body.followUp];
      for (const a of shown) expect(a).toMatchObject({ dealId: null, deal: null, dealHidden: true });
      expect(detail.body.subject).toBe(`Assigned to ${role}`);
      expect(JSON.stringify([detail.body, list.body, day.body, patched.body, follow.body])).not.toContain('Globex deal');
      expect(JSON.stringify(shown)).not.toContain('dealOwnerId');
      // Nor on the contact's timeline: sales users limited to own deals get no events of others' deals,
      // roles that see no deals get the activity events without the deal's id.
      const timeline = (await call('GET', `/api/v1/contacts/${contactId}/timeline?limit=200`, undefined, user.headers)).body.data as { kind: string; data: Record<string, unknown> }[];
      expect(timeline.filter((e) => e.kind.startsWith('activity_') && e.data.dealId !== undefined)).toEqual([]);
      // Nor in the reminder the assignee gets when the follow-up falls due.
      expect(await runTaskReminder(t.ctx, { taskId: follow.body.followUp.id, dueAt: follow.body.followUp.dueAt })).toBe('notified');
      const reminder = await t.ctx.db.selectFrom('notifications').select('body').where('user_id', '=', user.actor.userId!).where('link', '=', `/activities/${follow.body.followUp.id}`).executeTakeFirstOrThrow();
      expect(reminder.body).not.toContain('Globex deal');
      // The follow-up stays on the deal for those who may see it.
      expect((await call('GET', `/api/v1/activities/${follow.body.followUp.id}`)).body.deal).toMatchObject({ id: dealId, title: 'Globex deal' });
    }
  });
});
