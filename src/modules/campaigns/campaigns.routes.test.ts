import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { startDueCampaigns } from './campaign-actions.js';
import { sendableWorkspace } from './campaign-fixtures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let setup: Awaited<ReturnType<typeof sendableWorkspace>>;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  setup = await sendableWorkspace(t.ctx, ws.owner.actor, 3);
});
afterAll(async () => t.close());

type Headers = { cookie: string };
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Headers = ws.owner.headers) =>
  t.app.inject({ method, url, payload, headers });
const fieldsOf = (res: { json: () => { error: { details: { fields: { path: string }[] } } } }) => res.json().error.details.fields.map((f) => f.path);
const draft = async (extra: object = {}, headers?: Headers) => (await call('POST', '/api/v1/campaigns', {
  name: 'Spring sale', subject: 'Hi {{ contact.first_name | default: "there" }}', preheader: 'Ten days only', fromName: 'Shop',
  fromEmail: setup.fromEmail, templateId: setup.templateId, listIds: [setup.listId], ...extra,
}, headers)).json();

describe('campaigns', () => {
  it('creates, edits, lists, duplicates and deletes; marketing and agency may, sales may not', async () => {
    const agency = await ws.as('agency');
    const c = await draft({}, agency.headers);
    expect(c).toMatchObject({ status: 'draft', subject: 'Hi {{ contact.first_name | default: "there" }}', listIds: [setup.listId], templateId: setup.templateId });
    expect((await call('PATCH', `/api/v1/campaigns/${c.id}`, { name: 'Spring sale 2' }, (await ws.as('marketing')).headers)).json().name).toBe('Spring sale 2');
    const sales = await ws.as('sales');
    expect((await call('GET', '/api/v1/campaigns', undefined, sales.headers)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/campaigns', { name: 'x' }, sales.headers)).statusCode).toBe(403);
    const copy = (await call('POST', `/api/v1/campaigns/${c.id}/duplicate`)).json();
    expect(copy).toMatchObject({ name: 'Spring sale 2 (copy)', status: 'draft', listIds: [setup.listId], fromEmail: setup.fromEmail });
    const page = (await call('GET', '/api/v1/campaigns?limit=1')).json();
    expect(page.data.map((x: { id: number }) => x.id)).toEqual([copy.id]);
    expect((await call('GET', `/api/v1/campaigns?limit=1&cursor=${page.nextCursor}`)).json().data[0].id).toBe(c.id);
    expect((await call('DELETE', `/api/v1/campaigns/${copy.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/campaigns/${copy.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input naming the field: Liquid with its line, a foreign template, a bad cursor, NUL', async () => {
    const res = await call('POST', '/api/v1/campaigns', { name: 'x', subject: 'Hi {{ contact.first_name ' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['subject']);
    expect(fieldsOf(await call('POST', '/api/v1/campaigns', { name: 'x', templateId: 999999999 }))).toEqual(['templateId']);
    expect(fieldsOf(await call('POST', '/api/v1/campaigns', { name: 'x', fromEmail: 'not-an-address' }))).toEqual(['fromEmail']);
    expect((await call('GET', '/api/v1/campaigns?cursor=zzz')).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/campaigns', { name: 'a\u0000b' })).statusCode).toBe(400);
    expect(fieldsOf(await call('POST', '/api/v1/campaigns/audience-count', { listIds: [] }))).toEqual(['listIds']);
  });

  it('counts the audience exactly, as the send freezes it', async () => {
    expect((await call('POST', '/api/v1/campaigns/audience-count', { listIds: [setup.listId] })).json()).toEqual({ count: 3 });
    const c = await draft();
    const sent = await call('POST', `/api/v1/campaigns/${c.id}/send`);
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sending', recipientCount: 3 });
    const frozen = await t.ctx.db.selectFrom('campaign_recipients').select('email').where('campaign_id', '=', c.id).where('status', '=', 'queued').execute();
    expect(frozen).toHaveLength(3);
    expect((await call('POST', `/api/v1/campaigns/${c.id}/send`)).statusCode).toBe(409);
    expect((await call('PATCH', `/api/v1/campaigns/${c.id}`, { name: 'late' })).statusCode).toBe(409);
    expect((await call('POST', `/api/v1/campaigns/${c.id}/pause`)).json().status).toBe('paused');
    expect((await call('POST', `/api/v1/campaigns/${c.id}/resume`)).json().status).toBe('sending');
    expect((await call('POST', `/api/v1/campaigns/${c.id}/cancel`)).json().status).toBe('cancelled');
  });

  it('checklist blocks an unverified domain, a missing unsubscribe link or postal address, and sending is refused with the reasons', async () => {
    const other = await newWorkspace(t.ctx);
    const bare = await sendableWorkspace(t.ctx, other.owner.actor, 1);
    const noUnsub = await t.ctx.db.insertInto('email_templates').values({ workspace_id: other.id, name: 'Bare', mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>' }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('workspaces').set({ postal_address: null }).where('id', '=', other.id).execute();
    const c = (await call('POST', '/api/v1/campaigns', { name: 'x', subject: 'Hi', fromEmail: 'me@unverified.example', templateId: Number(noUnsub.id), listIds: [bare.listId] }, other.owner.headers)).json();
    const check = (await call('GET', `/api/v1/campaigns/${c.id}/checklist`, undefined, other.owner.headers)).json();
    const status = Object.fromEntries(check.items.map((i: { key: string; status: string }) => [i.key, i.status]));
    expect(status).toMatchObject({ subject: 'pass', from: 'block', template: 'pass', unsubscribe: 'block', postalAddress: 'block', audience: 'pass', size: 'pass' });
    expect(['skip', 'pass', 'warn']).toContain(status.spam);
    expect(check).toMatchObject({ ready: false, recipientCount: 1 });
    const refused = await call('POST', `/api/v1/campaigns/${c.id}/send`, undefined, other.owner.headers);
    expect(refused.statusCode).toBe(400);
    expect(fieldsOf(refused)).toEqual(['from', 'unsubscribe', 'postalAddress']);
    expect(refused.json().error.message).toMatch(/unverified\.example is not a verified sending domain/);
    expect((await t.ctx.db.selectFrom('campaign_recipients').select('id').where('campaign_id', '=', c.id).execute())).toHaveLength(0);
    const ok = (await call('GET', `/api/v1/campaigns/${(await draft()).id}/checklist`)).json();
    expect(ok.ready).toBe(true);
  });

  it('schedules at a wall-clock time in a time zone and the scheduler starts it when due', async () => {
    const c = await draft();
    expect(fieldsOf(await call('POST', `/api/v1/campaigns/${c.id}/schedule`, { sendAt: '2031-06-01T09:00', timeZone: 'Mars/Olympus' }))).toEqual(['timeZone']);
    expect(fieldsOf(await call('POST', `/api/v1/campaigns/${c.id}/schedule`, { sendAt: '2001-06-01T09:00', timeZone: 'Europe/Berlin' }))).toEqual(['sendAt']);
    const s = (await call('POST', `/api/v1/campaigns/${c.id}/schedule`, { sendAt: '2031-06-01T09:00', timeZone: 'Europe/Berlin' })).json();
    expect(s).toMatchObject({ status: 'scheduled', timeZone: 'Europe/Berlin', scheduledAt: '2031-06-01T07:00:00.000Z' });
    expect((await call('POST', `/api/v1/campaigns/${c.id}/unschedule`)).json().status).toBe('draft');
    await call('POST', `/api/v1/campaigns/${c.id}/schedule`, { sendAt: '2031-06-01T09:00', timeZone: 'America/New_York' });
    expect((await call('GET', `/api/v1/campaigns/${c.id}`)).json().scheduledAt).toBe('2031-06-01T13:00:00.000Z');
    await startDueCampaigns(t.ctx, new Date('2031-06-01T12:59:00Z'));
    expect((await call('GET', `/api/v1/campaigns/${c.id}`)).json().status).toBe('scheduled');
    await startDueCampaigns(t.ctx, new Date('2031-06-01T13:00:30Z'));
    expect((await call('GET', `/api/v1/campaigns/${c.id}`)).json()).toMatchObject({ status: 'sending', recipientCount: 3 });
  });
});
