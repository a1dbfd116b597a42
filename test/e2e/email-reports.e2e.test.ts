import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { startInboundServer } from '../../src/mail/inbound-server.js';
import { verpAddress } from '../../src/mail/verp.js';
import { webhookToken } from '../../src/modules/bounces/webhooks.service.js';
import { seedSentCampaign } from '../email-seed.js';
import { hasChromium, newPage, setUpOwner, shot, useJourney } from './browser.js';
import { shotsOfScreen } from './screen-shots.js';

// Starting a server, Chromium and the web app on a shared 2-core box can take minutes.
vi.setConfig({ hookTimeout: 300_000, testTimeout: 300_000 });

const FIXTURES = new URL('../../src/modules/bounces/fixtures/', import.meta.url);

describe.skipIf(!hasChromium)('campaign report and deliverability in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('bounces arrive by SMTP and webhook, and the report, overview and deliverability pages show them', async () => {
    const { page, errors } = await newPage(journey.browser);
    onTestFailed(async () => { await shot(page, 'email-reports-failure'); });
    const { url: base, ctx } = journey.server;
    await setUpOwner(page, base);
    const ws = Number((await ctx.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id);
    const emails = ['ann@gmail.test', 'bob@gmail.test', 'cid@gmail.test', 'dan@yahoo.test', 'eve@yahoo.test', 'fay@corp.test', 'gus@corp.test', 'hal@mail.test'];
    await seedSentCampaign(ctx, { workspaceId: ws, emails: emails.slice(0, 4), name: 'November news', startedAt: new Date(Date.now() - 30 * 86_400_000) });
    const c = await seedSentCampaign(ctx, { workspaceId: ws, emails, name: 'December offers' });
    await ctx.db.insertInto('campaign_links').values([1, 2].map((position) => ({ workspace_id: ws, campaign_id: c.campaignId, position, url: `https://acme.test/offer/${position}` }))).execute();
    const at = (h: number) => new Date(c.startedAt.getTime() + h * 3_600_000 + 120_000);
    await ctx.db.insertInto('email_events').values(c.recipients.slice(0, 6).flatMap((r, i) => [
      { workspace_id: ws, campaign_id: c.campaignId, recipient_id: r.id, type: 'open' as const, machine: i === 5, occurred_at: at(i % 3) },
      ...(i < 3 ? [{ workspace_id: ws, campaign_id: c.campaignId, recipient_id: r.id, type: 'click' as const, link_position: 1 + (i % 2), occurred_at: at(i % 3) }] : []),
    ])).execute();

    // Real DSNs through the inbound listener, to the VERP addresses of three recipients.
    const inbound = await startInboundServer(ctx, { port: 0, host: '127.0.0.1' });
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true });
    for (const [fixture, index] of [['postfix-user-unknown', 3], ['outlook-blocklist', 5], ['postfix-mailbox-full', 4]] as const) {
      const to = verpAddress(ctx.secret, { kind: 'campaign', workspaceId: ws, id: c.recipients[index]!.id }, 'bounce.acme.test');
      await mailer.sendMail({ envelope: { from: '', to }, raw: readFileSync(new URL(`${fixture}.eml`, FIXTURES), 'latin1') });
    }
    await inbound.close();
    // And a complaint by Postmark's webhook.
    const hook = await page.request.post(`${base}/api/v1/webhooks/email/postmark/${webhookToken(ctx.secret, ws, 'postmark')}`, { data: { RecordType: 'SpamComplaint', Type: 'SpamComplaint', Email: 'gus@corp.test' } });
    expect(await hook.json()).toMatchObject({ recorded: 1 });

    await page.goto(`${base}/campaigns/${c.campaignId}/report`);
    await page.getByTestId('chart-by-hour').locator('svg').waitFor();
    const figures = await page.getByTestId('report-figures').textContent();
    expect(figures).toContain('1 hard · 1 soft · 1 blocked');
    expect(await page.getByTestId('link-clicks').textContent()).toContain('https://acme.test/offer/1');
    await shotsOfScreen(page, 'email-01-campaign-report');

    await page.goto(`${base}/email-reports`);
    await page.getByTestId('chart-campaigns').locator('svg').waitFor();
    expect(await page.getByTestId('campaign-reports').textContent()).toContain('November news');
    await shotsOfScreen(page, 'email-02-campaign-overview');

    await page.goto(`${base}/deliverability`);
    await page.getByTestId('policy-blocks').waitFor();
    expect(await page.getByTestId('policy-blocks').textContent()).toContain('blocklisted');
    const list = await page.getByTestId('bounce-list').textContent();
    expect(list).toContain('User unknown in virtual mailbox table');
    expect(list).toContain('gus@corp.test');
    await shotsOfScreen(page, 'email-03-deliverability');
    expect(errors).toEqual([]);
  });
});
