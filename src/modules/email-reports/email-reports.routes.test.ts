import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { seedSentCampaign } from '../../../test/email-seed.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { campaignRecipientTarget } from '../bounces/bounces.repo.js';
import { recordDeliveryReport } from '../bounces/record-report.js';

let ctx: AppContext;
let app: App;
let close: () => Promise<void>;
let ws: TestWorkspace;
let campaign: Awaited<ReturnType<typeof seedSentCampaign>>;

const dsn = (cls: 'hard' | 'soft' | 'policy', reason: string) => ({ kind: 'bounce' as const, class: cls, reason, statusCode: cls === 'policy' ? '5.7.1' : '5.1.1', diagnostic: `550 ${reason}`, remoteMta: 'mx.test', source: 'dsn:rfc3464' });

beforeAll(async () => {
  ({ ctx, app, close } = await createTestApp());
  ws = await newWorkspace(ctx);
  const emails = ['a@gmail.test', 'b@gmail.test', 'c@gmail.test', 'd@yahoo.test', 'e@yahoo.test', 'f@corp.test'];
  campaign = await seedSentCampaign(ctx, { workspaceId: ws.id, emails });
  await seedSentCampaign(ctx, { workspaceId: ws.id, emails: ['z@other.test'], name: 'Older campaign' });
  const [a, b, c, d, e, f] = campaign.recipients;
  const at = (hours: number) => new Date(campaign.startedAt.getTime() + hours * 3_600_000 + 60_000);
  await ctx.db.insertInto('campaign_links').values([1, 2].map((position) => ({ workspace_id: ws.id, campaign_id: campaign.campaignId, position, url: `https://acme.test/offer/${position}` }))).execute();
  const ev = (r: typeof a, type: 'open' | 'click', hours: number, machine = false, link?: number) =>
    ({ workspace_id: ws.id, campaign_id: campaign.campaignId, recipient_id: r!.id, contact_id: r!.contactId, type, machine, occurred_at: at(hours), link_position: link ?? null });
  await ctx.db.insertInto('email_events').values([
    ev(a, 'open', 0), ev(a, 'open', 1), ev(b, 'open', 0), ev(c, 'open', 0, true), ev(c, 'open', 2, true),
    ev(a, 'click', 0, false, 1), ev(a, 'click', 1, false, 2), ev(b, 'click', 0, false, 1), ev(c, 'click', 0, true, 1),
  ]).execute();
  for (const [r, report] of [[d, dsn('hard', 'user unknown')], [e, dsn('soft', 'mailbox full')], [f, dsn('policy', 'blocklisted')]] as const) {
    await recordDeliveryReport({ ctx, target: (await campaignRecipientTarget(ctx.db, ws.id, r!.id))!, report });
  }
  await recordDeliveryReport({ ctx, target: (await campaignRecipientTarget(ctx.db, ws.id, b!.id))!, report: { kind: 'complaint', class: 'complaint', reason: 'complaint (abuse)', statusCode: null, diagnostic: null, remoteMta: null, source: 'arf' } });
});
afterAll(() => close());

const get = async (url: string, headers = ws.owner.headers) => app.inject({ method: 'GET', url, headers });

describe('email reports', () => {
  it('a campaign report counts sent, delivered, bounces by class, human vs machine opens and clicks per link', async () => {
    const res = await get(`/api/v1/email-reports/campaigns/${campaign.campaignId}`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({
      recipients: 6, sent: 6, delivered: 3, bounced: { total: 3, hard: 1, soft: 1, policy: 1 },
      opens: { unique: 2, total: 3, machineUnique: 1, machineTotal: 2 }, clicks: { unique: 2, total: 3, machineTotal: 1 }, complaints: 1,
      rates: { delivery: 0.5, bounce: 0.5, clickToOpen: 1 },
    });
    expect(r.links).toEqual([
      { position: 1, url: 'https://acme.test/offer/1', clicks: 2, uniqueClicks: 2, machineClicks: 1 },
      { position: 2, url: 'https://acme.test/offer/2', clicks: 1, uniqueClicks: 1, machineClicks: 0 },
    ]);
    expect(r.byHour).toEqual(expect.arrayContaining([{ hour: 0, type: 'open', machine: false, count: 2 }, { hour: 2, type: 'open', machine: true, count: 1 }]));
    expect(r.byDomain[0]).toEqual({ domain: 'gmail.test', sent: 3, bounced: 0, blocked: 0, opened: 2, clicked: 2, complaints: 1 });
    expect(r.byDomain.find((d: { domain: string }) => d.domain === 'yahoo.test')).toMatchObject({ sent: 2, bounced: 2 });
  });

  it('the overview compares started campaigns, newest first, keyset paged', async () => {
    const first = (await get('/api/v1/email-reports/campaigns?limit=1')).json();
    expect(first.data).toEqual([expect.objectContaining({ name: 'Older campaign', sent: 1 })]);
    const second = (await get(`/api/v1/email-reports/campaigns?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.data).toEqual([expect.objectContaining({ id: campaign.campaignId, delivered: 3 })]);
    expect((await get('/api/v1/email-reports/campaigns?cursor=%00bad')).statusCode).toBe(400);
  });

  it('deliverability shows bounces by class, policy blocks per sending domain, and each bounce with the remote words', async () => {
    const d = (await get('/api/v1/email-reports/deliverability?days=7')).json();
    expect(d.byClass).toEqual(expect.arrayContaining([{ class: 'hard', count: 1 }, { class: 'policy', count: 1 }, { class: 'complaint', count: 1 }]));
    expect(d.policyBySender).toEqual([expect.objectContaining({ sendingDomain: 'acme.test', reason: 'blocklisted', count: 1 })]);
    const list = (await get('/api/v1/email-reports/bounces?class=hard')).json();
    expect(list.data).toEqual([expect.objectContaining({ email: 'd@yahoo.test', statusCode: '5.1.1', reason: 'user unknown', diagnostic: '550 user unknown', campaignName: 'December offers' })]);
    expect((await get('/api/v1/email-reports/deliverability?days=0')).statusCode).toBe(400);
  });

  it('needs campaigns:read: marketing and agency read reports, sales and support do not', async () => {
    for (const [role, status] of [['marketing', 200], ['agency', 200], ['sales', 403], ['support', 403]] as const) {
      expect((await get(`/api/v1/email-reports/campaigns/${campaign.campaignId}`, (await ws.as(role)).headers)).statusCode, role).toBe(status);
    }
    const other = await newWorkspace(ctx);
    expect((await get(`/api/v1/email-reports/campaigns/${campaign.campaignId}`, other.owner.headers)).statusCode).toBe(404);
  });
});
