import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { sendableWorkspace } from '../../src/modules/campaigns/campaign-fixtures.js';
import { startDnsServer } from '../dns-server.js';
import { startSmtpSink } from '../smtp-sink.js';
import { hasChromium, newPage, setUpOwner, shot, useJourney } from './browser.js';
import { shotsOfScreen } from './screen-shots.js';

// A server, Chromium, SpamAssassin and a send on a shared 2-core box can take minutes.
vi.setConfig({ hookTimeout: 300_000, testTimeout: 400_000 });

const records = new Map<string, string[]>();
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let dns: Awaited<ReturnType<typeof startDnsServer>>;
const DOMAIN = 'news.acme.example';
// A mail client's own user agent: an open from it counts as a human's.
const THUNDERBIRD = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0';

/**
 * The README's "first campaign in five steps", end to end: a template built in the block editor
 * (with Liquid that compares), a test send that arrives, a campaign to a small list sent for
 * real to the SMTP sink, an open, and the campaign's report with its figures and charts.
 */
describe.skipIf(!hasChromium)('a first campaign, from the block editor to its report, in Chromium', () => {
  beforeAll(async () => {
    sink = await startSmtpSink();
    dns = await startDnsServer(records);
  });
  const journey = useJourney({ beforeAll, afterAll }, async () => ({ env: { DNS_RESOLVER: dns.address } }));
  afterAll(async () => {
    await sink?.close();
    await dns?.close();
  });

  it('builds a template, sends a test, sends a campaign to a list and reads its report', async () => {
    const { page, errors } = await newPage(journey.browser);
    onTestFailed(async () => { await shot(page, 'first-campaign-failure'); });
    const { url: base, ctx } = journey.server;
    await setUpOwner(page, base);

    // Step 1 (the sending settings, through the API the settings page calls): the sink as the
    // SMTP account, a domain verified over the test DNS server, the postal address.
    const api = async (method: 'post' | 'put', path: string, data: object) => {
      const res = await page.request[method](`${base}/api/v1${path}`, { data });
      expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
      return res.json();
    };
    await api('post', '/sending/accounts', { name: 'Sink', host: '127.0.0.1', port: sink.port, security: 'none' });
    const domain = await api('post', '/sending/domains', { domain: DOMAIN });
    for (const r of domain.records as { name: string; value: string }[]) records.set(r.name, [r.value]);
    expect((await api('post', `/sending/domains/${domain.id}/check`, {})).verified).toBeTruthy();
    await api('put', '/sending/postal-address', { postalAddress: '1 Main Street, Springfield' });
    const owner = await ctx.db.selectFrom('users').select(['id', 'workspace_id', 'email']).where('role', '=', 'owner').executeTakeFirstOrThrow();
    const actor = { workspaceId: Number(owner.workspace_id), role: 'owner' as const, userId: Number(owner.id), apiKeyId: null, label: `user:${owner.email}` };
    const audience = await sendableWorkspace(ctx, actor, 3);
    await ctx.db.updateTable('workspaces').set({ postal_address: '1 Main Street, Springfield' }).where('id', '=', actor.workspaceId).execute();
    await page.goto(`${base}/settings/sending`);
    await page.getByTestId('domain-card').filter({ hasText: DOMAIN }).getByText('Verified', { exact: true }).waitFor();
    await page.getByTestId('webhook-sendgrid').getByText('Secret URL only').waitFor();
    await page.getByTestId('webhook-ses').getByText('Signature checked').waitFor();
    await shotsOfScreen(page, 'first-campaign-00-sending-settings');

    // Step 2: a template from the gallery, its text block rewritten with Liquid that compares.
    await page.goto(`${base}/templates`);
    await page.getByTestId('starter-welcome').getByRole('button', { name: 'Use Welcome' }).click();
    await page.getByTestId('template-name').fill('First letter');
    await page.getByTestId('template-create').click();
    await page.waitForURL('**/templates/*');
    await page.getByTestId('block1-html').fill('<h1>Hello {{ contact.first_name | default: "there" }}</h1><p>{% if contact.first_name.size > 2 %}Glad you are here.{% endif %} Made in the block editor.</p>');
    const frame = page.frameLocator('[data-testid="preview-frame"]');
    await frame.getByText(/Made in the block editor/).waitFor();
    await page.getByTestId('template-save').click();
    await page.getByText('Template saved').waitFor();
    // Headless Chromium paints a frame below the fold blank in a full-page shot: bring it into view first.
    await shotsOfScreen(page, 'first-campaign-01-block-editor', async () => {
      await page.getByTestId('preview-frame').scrollIntoViewIfNeeded();
      await frame.getByText(/Glad you are here/).waitFor();
    });

    await page.getByTestId('template-test').click();
    await page.getByTestId('test-to').fill('qa@example.org');
    await page.getByTestId('test-from').fill(`hello@${DOMAIN}`);
    await page.getByTestId('test-submit').click();
    await page.getByText(/Test sent to 1 address/).waitFor();
    const test = await PostalMime.parse(sink.messages.find((m) => m.to.includes('qa@example.org'))!.raw);
    expect(test.html).toContain('Hello Ada');
    expect(test.html).toContain('Glad you are here.');
    await page.keyboard.press('Escape');

    // Steps 3 and 4: the campaign, its template, from address and audience; the checklist passes.
    await page.goto(`${base}/campaigns`);
    await page.getByTestId('new-campaign').first().click();
    await page.getByTestId('campaign-name').fill('Spring letter');
    await page.getByTestId('campaign-create').click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    const campaignId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('campaign-template').click();
    await page.getByRole('option', { name: 'First letter' }).click();
    await page.getByTestId('campaign-subject').fill('Hi {{ contact.first_name | default: "there" }}, spring is here');
    await page.getByTestId('campaign-preheader').fill('Our spring letter');
    await page.getByTestId('campaign-fromName').fill('Acme');
    await page.getByTestId('campaign-fromEmail').fill(`hello@${DOMAIN}`);
    await page.getByTestId('audience-lists').click();
    await page.getByRole('option', { name: /Newsletter/ }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('audience-count').filter({ hasText: '3 recipients' }).waitFor();
    await page.getByTestId('campaign-save').click();
    await page.locator('[data-testid="check-from"][data-status="pass"]').waitFor();
    await page.locator('[data-testid="send-now"]:not([disabled]):not([data-disabled])').waitFor({ timeout: 120_000 });
    await shotsOfScreen(page, 'first-campaign-02-ready');

    // Step 5: send now; the three letters reach the sink, personalised.
    await page.getByTestId('send-now').click();
    await page.getByTestId('campaign-status').filter({ hasText: /sending|sent/ }).waitFor();
    const letters = () => sink.messages.filter((m) => m.to.some((to) => /^reader\d\.w\d+@example\.org$/.test(to)));
    await expect.poll(() => letters().length, { timeout: 120_000 }).toBe(3);
    const first = await PostalMime.parse(letters()[0]!.raw);
    expect(first.subject).toMatch(/^Hi Reader\d, spring is here$/);
    expect(first.html).toContain('Glad you are here.');

    // One reader opens it in a mail client (the tracking pixel of that letter).
    const pixel = /src="(https?:\/\/[^"]+\/t\/o\/[^"]+)"/.exec(first.html!)![1]!;
    expect((await page.request.get(`${base}${new URL(pixel).pathname}`, { headers: { 'user-agent': THUNDERBIRD } })).ok()).toBe(true);

    // The report: sent and opened counts, and the charts drawn.
    await expect.poll(async () => (await (await page.request.get(`${base}/api/v1/email-reports/campaigns/${campaignId}`)).json()).sent, { timeout: 60_000 }).toBe(3);
    await page.goto(`${base}/campaigns/${campaignId}/report`);
    await page.getByTestId('chart-by-hour').locator('svg').waitFor();
    const cells = await page.getByTestId('report-figures').locator(':scope > div').evaluateAll((els) => els.map((e) => [e.children[0]?.textContent, e.children[1]?.textContent]));
    expect(Object.fromEntries(cells)).toMatchObject({ Sent: '3', Delivered: '3', 'Unique opens': '1' });
    await shotsOfScreen(page, 'first-campaign-03-report');
    expect(errors).toEqual([]);
  });
});
