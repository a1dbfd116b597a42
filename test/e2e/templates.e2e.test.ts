import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDnsServer } from '../dns-server.js';
import { startSmtpSink } from '../smtp-sink.js';
import { hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

// Starting the server builds a fresh database; on a busy machine that outlasts the default hook timeout.
vi.setConfig({ hookTimeout: 300_000, testTimeout: 300_000 });

if (!hasChromium) console.warn('Skipping the templates journey: Chromium is not installed (apt-get install chromium).');

const records = new Map<string, string[]>();
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let dns: Awaited<ReturnType<typeof startDnsServer>>;

describe.skipIf(!hasChromium)('templates and sending settings in Chromium', () => {
  beforeAll(async () => {
    sink = await startSmtpSink();
    dns = await startDnsServer(records);
  });
  const journey = useJourney({ beforeAll, afterAll }, async () => ({ env: { DNS_RESOLVER: dns.address } }));
  afterAll(async () => {
    await sink.close();
    await dns.close();
  });

  it('sets up sending, builds a template from the gallery in the block editor, previews it at phone width and sends a test', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    // Violations go to test-results/e2e/a11y-report.md (the app shell still has some of its own).
    const check = (name: string) => shot(page, name);

    // Sending settings: an SMTP account (the sink), a domain verified over DNS, the postal address.
    await page.goto(`${base}/settings/sending`);
    await page.getByTestId('account-add').click();
    await page.getByTestId('account-name').fill('Sink');
    await page.getByTestId('account-host').fill('127.0.0.1');
    await page.getByTestId('account-port').fill(String(sink.port));
    await page.getByTestId('account-security').click();
    await page.getByRole('option', { name: 'None' }).click();
    await page.getByTestId('account-submit').click();
    await page.getByRole('cell', { name: 'Sink', exact: true }).first().waitFor();
    await page.getByTestId('domain-input').fill('news.acme.example');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.getByTestId('record-dkim').waitFor();
    const value = async (kind: string) => (await page.getByTestId(`record-${kind}`).locator('pre').textContent())!.trim();
    const name = async (kind: string) => (await page.getByTestId(`record-${kind}`).locator('code').first().textContent())!.trim();
    records.set(await name('dkim'), [await value('dkim')]);
    records.set(await name('spf'), [await value('spf')]);
    await page.getByRole('button', { name: 'Check DNS' }).click();
    await expect.poll(() => page.getByTestId('record-spf').getByText('Pass').count()).toBe(1);
    expect(await page.getByTestId('record-dmarc').getByText('Fail').count()).toBe(1);
    records.set(await name('dmarc'), [await value('dmarc')]);
    await page.getByRole('button', { name: 'Check DNS' }).click();
    await page.getByText('Verified', { exact: true }).waitFor();
    await page.getByTestId('postal-address').fill('1 Main Street, Springfield');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Postal address saved').waitFor();
    await check('templates-01-sending-settings');

    // The gallery, then the newsletter design in the block editor.
    await page.goto(`${base}/templates`);
    await page.getByTestId('starter-newsletter').waitFor();
    expect(await page.locator('[data-testid^="starter-"]').count()).toBeGreaterThanOrEqual(6);
    await check('templates-02-gallery');
    await page.getByTestId('starter-welcome').getByRole('button', { name: 'Use Welcome' }).click();
    await page.getByTestId('template-name').fill('Welcome series');
    await page.getByTestId('template-create').click();
    await page.waitForURL('**/templates/*');
    await page.getByTestId('block1-html').fill('<h1>Hello {{ contact.first_name | default: "there" }}</h1><p>Made in the block editor.</p>');
    await page.getByTestId('block-add').click();
    await page.getByTestId('block-add-divider').click();
    const frame = page.frameLocator('[data-testid="preview-frame"]');
    await frame.getByText('Made in the block editor.').waitFor();
    await expect.poll(async () => frame.getByText('1 Main Street, Springfield').count()).toBeGreaterThan(0);
    await page.getByTestId('template-save').click();
    await page.getByText('Template saved').waitFor();
    await check('templates-03-block-editor');
    await page.getByTestId('preview-device').getByText('Phone').click();
    await shot(page, 'templates-04-phone-preview');
    await page.getByRole('tab', { name: 'Plain text' }).click();
    await expect.poll(async () => page.getByTestId('preview-text').textContent()).toContain('Hello Ada');

    // The code view shows the MJML the blocks made; an invalid edit is refused with its line.
    await page.getByTestId('tab-code').click();
    const mjml = await page.getByTestId('template-mjml').inputValue();
    expect(mjml).toContain('Made in the block editor.');
    await page.getByTestId('template-mjml').fill(mjml.replace('<mj-divider', '\n<mj-dividr'));
    await page.getByTestId('template-save').click();
    await expect.poll(async () => page.getByTestId('template-error').textContent()).toMatch(/line \d+/);
    await check('templates-05-code-error');
    await page.getByTestId('template-mjml').fill(mjml);

    // A test send through the account, DKIM-signed by the verified domain.
    await page.getByTestId('template-test').click();
    await page.getByTestId('test-to').fill('qa@example.org');
    await page.getByTestId('test-from').fill('hello@news.acme.example');
    await page.getByTestId('test-submit').click();
    await page.getByText(/Test sent to 1 address, DKIM-signed/).waitFor();
    const mail = await PostalMime.parse(sink.messages.at(-1)!.raw);
    expect(mail.subject).toBe('[Test] Welcome to Acme Inc.');
    expect(mail.html).toContain('Made in the block editor.');
    expect(mail.text).toContain('Hello Ada');
    expect(sink.messages.at(-1)?.raw).toMatch(/DKIM-Signature: .*d=news\.acme\.example/);
    expect(errors).toEqual([]);
  });
});
