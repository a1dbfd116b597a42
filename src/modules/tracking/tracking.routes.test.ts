import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { sendableWorkspace } from '../campaigns/campaign-fixtures.js';
import { applyTracking } from './tracking-links.js';
import { registerCampaignLinks } from './tracking.repo.js';
import { signTracking } from './tracking-tokens.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let campaignId: number;
let recipients: { id: number; contact_id: number | null }[];
let links: Map<string, number>;
const HUMAN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Thunderbird/115';
const person = uniqueClientAddress();

beforeAll(async () => {
  t = await createTestApp({ clientAddress: person });
  ws = await newWorkspace(t.ctx);
  const setup = await sendableWorkspace(t.ctx, ws.owner.actor, 3);
  const c = await t.app.inject({ method: 'POST', url: '/api/v1/campaigns', headers: ws.owner.headers, payload: { name: 'Track', subject: 'Hi', fromEmail: setup.fromEmail, templateId: setup.templateId, listIds: [setup.listId] } });
  campaignId = c.json().id;
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/campaigns/${campaignId}/send`, headers: ws.owner.headers })).statusCode).toBe(200);
  // The send numbered the template's own links; these tests work with two links of their own.
  await t.ctx.db.deleteFrom('campaign_links').where('campaign_id', '=', campaignId).execute();
  links = await registerCampaignLinks(t.ctx.db, { workspaceId: ws.id, campaignId, html: '<a href="https://shop.example/a">a</a><a href="https://shop.example/b?x=1&amp;y=2">b</a>' });
  recipients = await t.ctx.db.selectFrom('campaign_recipients').select(['id', 'contact_id']).where('campaign_id', '=', campaignId).orderBy('id').execute();
  // Delivered a minute ago: clicks now are not "within seconds of delivery".
  await t.ctx.db.updateTable('campaign_recipients').set({ status: 'sent', sent_at: new Date(Date.now() - 60_000) }).where('campaign_id', '=', campaignId).execute();
});
afterAll(async () => t.close());

const get = (url: string, ua = HUMAN, ip = person) => t.app.inject({ method: 'GET', url, headers: { 'user-agent': ua }, remoteAddress: ip });
const tokenFor = (r: number, p?: number) => signTracking(t.ctx.secret, p === undefined ? { k: 'o', w: ws.id, c: campaignId, r } : { k: 'c', w: ws.id, c: campaignId, r, p });
const events = (r: number) => t.ctx.db.selectFrom('email_events').select(['type', 'machine', 'link_position']).where('recipient_id', '=', r).orderBy('id').execute();
const kinds = async (contactId: number) => (await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${contactId}/timeline?limit=50`, headers: ws.owner.headers })).json().data.map((e: { kind: string }) => e.kind);

describe('tracking endpoints', () => {
  it('a human open returns the pixel, is recorded once per open, and lands on the timeline', async () => {
    const r = recipients[0];
    const res = await get(`/t/o/${tokenFor(r.id)}.gif`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/gif');
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(await events(r.id)).toEqual([{ type: 'open', machine: false, link_position: null }]);
    const row = await t.ctx.db.selectFrom('campaign_recipients').select('opened_at').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.opened_at).toBeInstanceOf(Date);
    expect(await kinds(r.contact_id!)).toContain('email_opened');
  });

  it('Apple Mail Privacy Protection and image proxies are counted as machine opens, off the timeline', async () => {
    const r = recipients[1];
    await get(`/t/o/${tokenFor(r.id)}.gif`, 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)', '17.58.1.9');
    await get(`/t/o/${tokenFor(r.id)}.gif`, 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)');
    expect((await events(r.id)).map((e) => e.machine)).toEqual([true, true]);
    expect(await kinds(r.contact_id!)).not.toContain('email_opened');
  });

  it('a click redirects only to the URL of that position in that campaign; scanners and instant clicks are machine clicks', async () => {
    const r = recipients[2];
    const b = links.get('https://shop.example/b?x=1&y=2')!;
    const res = await get(`/t/c/${tokenFor(r.id, b)}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://shop.example/b?x=1&y=2');
    expect(await kinds(r.contact_id!)).toContain('email_clicked');
    // A scanner walking every link at once.
    await get(`/t/c/${tokenFor(r.id, links.get('https://shop.example/a')!)}`, 'Mozilla/5.0 Proofpoint URL Defense');
    expect((await events(r.id)).map((e) => [e.type, e.machine])).toEqual([['click', false], ['click', true]]);
    // A position that was not in the email, a tampered token, a token of another kind: no redirect.
    expect((await get(`/t/c/${tokenFor(r.id, 99)}`)).statusCode).toBe(404);
    const tampered = tokenFor(r.id, b).replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await get(`/t/c/${tampered}`)).statusCode).toBe(400);
    expect((await get(`/t/c/${tokenFor(r.id)}`)).statusCode).toBe(400);
    expect((await get(`/t/o/${tokenFor(r.id, b)}.gif`)).statusCode).toBe(400);
  });

  it('a click seconds after delivery is a machine click', async () => {
    const r = recipients[0];
    await t.ctx.db.updateTable('campaign_recipients').set({ sent_at: new Date() }).where('id', '=', r.id).execute();
    await get(`/t/c/${tokenFor(r.id, 0)}`);
    expect((await events(r.id)).filter((e) => e.type === 'click').map((e) => e.machine)).toEqual([true]);
  });

  it('applyTracking output resolves through the endpoints', async () => {
    const r = recipients[1];
    const html = applyTracking('<body><a href="https://shop.example/a">a</a></body>', { baseUrl: 'http://localhost', secret: t.ctx.secret, workspaceId: ws.id, campaignId, recipientId: r.id, links });
    const click = /href="http:\/\/localhost(\/t\/c\/[^"]+)"/.exec(html)![1];
    expect((await get(click)).headers.location).toBe('https://shop.example/a');
    const open = /src="http:\/\/localhost(\/t\/o\/[^"]+)"/.exec(html)![1];
    expect((await get(open)).statusCode).toBe(200);
  });
});
