import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { shots } from './audience-fixtures.js';
import { hasChromium, newPage, setUpOwner, shot, SHOTS, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the audience admin journey: Chromium is not installed (apt-get install chromium).');

/** Clicks something that downloads a file and returns the file's text. */
async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync((await file.path())!, 'utf8');
}

describe.skipIf(!hasChromium)('audience admin journey in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('subscribes with a consent declaration, manages suppressions, exports consent and erases a contact', async () => {
    const { page, errors } = await newPage(journey.browser);
    onTestFailed(async () => { await shot(page, 'audience-admin-failure'); }); // where the app was when a step timed out
    const base = journey.server.url;
    await setUpOwner(page, base);
    const api = async (method: 'post' | 'get', path: string, data?: unknown) => {
      const res = await page.request[method](`${base}/api/v1${path}`, data === undefined ? {} : { data });
      expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
      return res.json();
    };
    const ids: Record<string, number> = {};
    for (const [first, email] of [['Anna', 'anna@example.com'], ['Boris', 'boris@example.com'], ['Chloe', 'chloe@example.com']]) {
      ids[first] = (await api('post', '/contacts', { firstName: first, lastName: 'Baker', email })).id;
    }
    const list = await api('post', '/lists', { name: 'Newsletter', purpose: 'marketing' });
    await api('post', '/suppressions', { email: 'chloe@example.com', note: 'Asked by phone' });

    // Without SMTP_URL this server cannot send confirmations: double opt-in is refused, and the reason shows under the choice.
    await page.goto(`${base}/lists/${list.id}`);
    await page.getByTestId('list-opt-in').getByText('Double opt-in').click();
    await page.getByTestId('list-save').click();
    const help = page.locator('[data-testid="list-opt-in-help"][data-error="true"]');
    await help.waitFor();
    expect(await help.textContent()).toContain('set SMTP_URL');
    await page.getByText('Discard').click();

    // Subscribing needs the consent declaration; the server's field errors land beside the fields.
    await page.getByTestId('add-members').click();
    for (const name of ['Anna Baker', 'Boris Baker', 'Chloe Baker']) {
      await page.getByTestId('add-members-contacts').fill(name.split(' ')[0]);
      await page.getByRole('option', { name }).click();
    }
    await page.getByTestId('consent-proof').fill('x');
    await page.getByTestId('add-members-submit').click();
    await page.locator('[data-testid="consent-proof"][aria-invalid="true"]').waitFor();
    await page.getByTestId('consent-proof').fill('Signed the paper sheet at the spring fair stand, 12 April');
    await page.getByTestId('consent-text-shown').fill('Yes, send me the newsletter.');
    await page.getByTestId('add-members-submit').click();
    await page.getByTestId('add-members-result').waitFor();
    expect(await page.getByTestId('add-members-added').textContent()).toBe('2');
    expect(await page.getByTestId('add-members-suppressed').textContent()).toBe('1');
    await shots(page, 'admin-01-add-members-result');
    await page.getByTestId('add-members-done').click();

    // An import subscribes its rows only with the basis and proof declared for them.
    const people = `${SHOTS}/audience-import.csv`;
    writeFileSync(people, 'First Name,Last Name,Email\nGreta,Import,greta@example.com\nHugo,Import,hugo@example.com\n');
    await page.goto(`${base}/imports/new`);
    await page.getByTestId('import-file-input').setInputFiles(people);
    await page.getByTestId('mapping-table').waitFor();
    await page.getByTestId('import-subscribe').click();
    await page.getByTestId('import-subscribe-list').click();
    await page.getByRole('option', { name: 'Newsletter' }).click();
    await page.getByTestId('consent-proof').fill('no');
    await page.getByTestId('start-import').click();
    await page.locator('[data-testid="consent-proof"][aria-invalid="true"]').waitFor();
    await page.getByTestId('consent-basis').click();
    await page.getByRole('option', { name: 'Legitimate interest' }).click();
    await page.getByTestId('consent-proof').fill('Customers who bought in the shop and did not object (soft opt-in), CRM export of 1 May');
    await shots(page, 'admin-02-import-subscribe');
    await page.getByTestId('start-import').click();
    await page.locator('[data-testid="import-progress"][data-status="completed"]').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await api('get', `/lists/${list.id}`)).members.subscribed).toBe(4);

    // The contact's consent history shows who and the proof, and exports as CSV.
    await page.goto(`${base}/contacts/${ids.Anna}`);
    await expect.poll(() => page.getByTestId('consent-ledger').textContent()).toContain('spring fair');
    expect(await page.getByTestId('consent-ledger').textContent()).toContain('ada@example.com');
    const csv = await download(page, 'consent-export');
    expect(csv).toContain('spring fair');
    await page.getByTestId('consent-panel').scrollIntoViewIfNeeded();
    await shots(page, 'admin-03-consent-history');

    // Suppressions: add (a bad address is refused beside the field), search, import with row errors, export, remove.
    await page.getByTestId('nav-suppressions').click();
    await page.getByTestId('suppressions-table').getByText('chloe@example.com').waitFor();
    await page.getByTestId('suppression-add').click();
    await page.getByTestId('suppression-email').fill('not-an-address');
    await page.getByTestId('suppression-submit').click();
    await page.locator('[data-testid="suppression-email"][aria-invalid="true"]').waitFor();
    await page.getByTestId('suppression-email').fill('dora@example.com');
    await page.getByTestId('suppression-submit').click();
    await page.getByTestId('suppressions-table').getByText('dora@example.com').waitFor();
    const file = `${SHOTS}/suppressions-import.csv`;
    writeFileSync(file, 'email,reason\nemil@example.com,hard_bounce\nnot-an-email,manual\nfrank@example.com,because\n');
    await page.getByTestId('suppressions-import').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('suppression-import-file').click()]);
    await chooser.setFiles(file);
    await page.getByTestId('suppression-import-submit').click();
    await page.getByTestId('suppression-import-result').waitFor();
    expect(await page.getByTestId('suppression-import-added').textContent()).toBe('1');
    expect(await page.getByTestId('suppression-import-errors').locator('tbody tr').count()).toBe(2);
    await shots(page, 'admin-04-suppression-import');
    await page.getByTestId('suppression-import-done').click();
    expect(await download(page, 'suppressions-export')).toContain('emil@example.com');
    await page.getByTestId('suppressions-search').fill('dora');
    await expect.poll(() => page.getByTestId('suppressions-table').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('suppression-remove').click();
    await page.getByTestId('suppression-remove-confirm').click();
    await page.getByText('No suppressed address contains “dora”.').waitFor();
    await page.getByTestId('suppressions-search').fill('');
    await shots(page, 'admin-05-suppressions');

    // GDPR: export everything as JSON, then erase with the email typed out; the app leaves the contact behind.
    await page.goto(`${base}/contacts/${ids.Anna}`);
    await page.getByTestId('gdpr-menu').click();
    const doc = JSON.parse(await download(page, 'gdpr-export'));
    expect(JSON.stringify(doc.contact)).toContain('anna@example.com');
    expect(JSON.stringify(doc.consents)).toContain('spring fair');
    await page.getByTestId('gdpr-menu').click();
    await page.getByTestId('gdpr-erase').click();
    await page.getByTestId('erase-confirm-input').fill('anna@example.co');
    expect(await page.getByTestId('erase-confirm').isDisabled()).toBe(true);
    await shots(page, 'admin-06-erase-confirm');
    await page.getByTestId('erase-confirm-input').fill('anna@example.com');
    await page.getByTestId('erase-confirm').click();
    await page.waitForURL(/\/contacts$/);
    expect((await page.request.get(`${base}/api/v1/contacts/${ids.Anna}`)).status()).toBe(404);
    await page.getByTestId('nav-suppressions').click();
    await page.getByTestId('suppressions-table').getByText('Erased contact').waitFor();
    expect(errors).toEqual([]);
  });
});
