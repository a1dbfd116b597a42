import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { freePort, linkIn, shots, sitePage, startOtherSite, startSmtpSink } from './audience-fixtures.js';
import { audienceLinks } from '../../src/modules/audience/list-unsubscribe.js';
import { hasChromium, newPage, setUpOwner, shot, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the audience journey: Chromium is not installed (apt-get install chromium).');

describe.skipIf(!hasChromium)('audience journey in Chromium', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let site: Awaited<ReturnType<typeof startOtherSite>> | undefined;
  const journey = useJourney({ beforeAll, afterAll }, async () => {
    smtp = await startSmtpSink();
    const port = await freePort();
    return { port, env: { SMTP_URL: smtp.url, PUBLIC_URL: `http://127.0.0.1:${port}` } };
  });
  afterAll(async () => { await site?.close(); await smtp?.close(); });

  it('builds a double opt-in list and a form, signs up from another site, confirms by email and unsubscribes in the preference centre', async () => {
    const { page, errors } = await newPage(journey.browser);
    onTestFailed(async () => { await shot(page, 'audience-failure'); }); // where the app was when a step timed out
    const base = journey.server.url;
    await setUpOwner(page, base);
    const created = await page.request.post(`${base}/api/v1/custom-fields`, { data: { entity: 'contact', key: 'favourite_bread', label: 'Favourite bread', type: 'text' } });
    expect(created.ok()).toBe(true);
    await page.reload(); // the contacts page may have cached the custom fields (60 s) before this one existed

    // A double opt-in list, with what subscribers see.
    await page.getByTestId('nav-lists').click();
    await page.getByTestId('new-list').click();
    await page.getByTestId('list-name').fill('Weekly specials');
    await page.getByTestId('list-opt-in').getByText('Double opt-in').click();
    await page.getByTestId('list-public-name').fill('The Bakery weekly');
    await page.getByTestId('list-public-description').fill('One email on Fridays with the weekend’s bread.');
    await page.getByTestId('list-sender-name').fill('Acme Bakery');
    await shots(page, '01-new-list');
    await page.getByTestId('list-submit').click();
    await page.waitForURL(/\/lists\/\d+$/);
    await page.getByTestId('list-double-opt-in').waitFor();
    await shots(page, '02-list');

    // A form on that list, with a first-name field; the preview follows the edits.
    await page.getByTestId('nav-forms').click();
    await page.getByTestId('new-form').click();
    await page.waitForURL('**/forms/new');
    await page.getByTestId('form-name').fill('Website footer');
    await page.getByTestId('form-save').click(); // no list yet: the server's message lands beside the picker
    await page.locator('[data-testid="form-lists"][aria-invalid="true"]').waitFor();
    await page.getByTestId('form-lists').click();
    await page.getByRole('option', { name: 'Weekly specials (double opt-in)' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('form-add-field').click();
    await page.getByTestId('form-add-field-first_name').click();
    await page.getByTestId('form-add-field').click();
    await page.getByTestId('form-add-field-custom.favourite_bread').click();
    await page.locator('[data-key="custom.favourite_bread"]').getByLabel('Move up').click(); // order: email, bread, first name
    await page.getByTestId('form-success-message').fill('Thanks! Check your inbox to confirm.');
    await expect.poll(() => page.getByTestId('form-preview').locator('label').allTextContents()).toEqual(['Email *', 'Favourite bread', 'First name']);
    await expect.poll(() => page.getByTestId('form-preview').textContent()).toContain('The Bakery weekly');
    await shots(page, '03-form-builder');
    await page.getByTestId('form-save').click();
    await page.waitForURL(/\/forms\/\d+$/);
    const html = (await page.getByTestId('form-embed-html').textContent())!;
    expect(html).toContain('<form');
    await page.getByTestId('form-embed-script-tab').click();
    const script = (await page.getByTestId('form-embed-script').textContent())!;
    expect(script).toContain('<script');
    await shots(page, '04-form-embed');
    expect(errors).toEqual([]);

    // Someone else's site, on another origin, with the snippets pasted in.
    site = await startOtherSite({ '/': sitePage('Acme Bakery', html), '/script': sitePage('Acme Bakery (script)', script) });
    const visitor = await newPage(journey.browser);
    // The hosted page, for sites that just link to it.
    await visitor.page.goto((await page.getByTestId('form-hosted-url').textContent())!);
    await visitor.page.getByRole('button', { name: 'Subscribe' }).waitFor();
    await shots(visitor.page, '05-hosted-form');
    await visitor.page.goto(site.url);
    await shots(visitor.page, '05-site-form-html');
    await visitor.page.getByLabel('Email').fill('visitor@example.org');
    await visitor.page.getByLabel('First name').fill('Vera http://evil.example');
    await visitor.page.getByLabel('Favourite bread').fill('Sourdough');
    await visitor.page.getByRole('button', { name: 'Subscribe' }).click();
    await visitor.page.waitForURL(`${base}/**`);
    await expect.poll(() => visitor.page.textContent('body')).toContain('Check your inbox to confirm');
    await shots(visitor.page, '06-thank-you');

    // The confirmation email: through SMTP, with a signed link, and none of the visitor's free text.
    const mail = await smtp.waitFor('visitor@example.org');
    expect(mail.subject).toContain('The Bakery weekly');
    expect(mail.from?.name).toBe('Acme Bakery');
    expect(`${mail.text}${mail.html}`).not.toContain('evil.example');
    // Opening the link (as a mail scanner would) confirms nothing; the button does.
    await visitor.page.goto(linkIn(mail, '/confirm/'));
    await shots(visitor.page, '07-confirm');
    await visitor.page.getByRole('button', { name: 'Confirm subscription' }).click();
    await expect.poll(() => visitor.page.textContent('body')).toContain('You are subscribed to The Bakery weekly');
    await shots(visitor.page, '08-confirmed');

    const owner = async (path: string) => (await page.request.get(`${base}/api/v1${path}`)).json();
    const contact = (await owner('/contacts?q=visitor%40example.org')).data[0];
    expect(contact.custom.favourite_bread).toBe('Sourdough');
    const listId = (await owner('/lists')).data[0].id;
    expect((await owner(`/lists/${listId}/members`)).data.map((m: { status: string }) => m.status)).toEqual(['subscribed']);

    // The preference centre, by the signed link every marketing email carries: unsubscribe from everything.
    const me = await owner('/auth/me');
    const { preferencesUrl } = audienceLinks({ ctx: journey.server.ctx, workspaceId: me.workspace.id, contactId: contact.id });
    await visitor.page.goto(preferencesUrl);
    expect(await visitor.page.getByLabel('The Bakery weekly').isChecked()).toBe(true);
    await shots(visitor.page, '09-preferences');
    await visitor.page.getByRole('button', { name: 'Unsubscribe from all email' }).click();
    await expect.poll(() => visitor.page.textContent('body')).toContain('Your preferences are saved');
    expect(await visitor.page.getByLabel('The Bakery weekly').isChecked()).toBe(false);
    await shots(visitor.page, '10-unsubscribed');
    expect((await owner(`/lists/${listId}/members`)).data.map((m: { status: string }) => m.status)).toEqual(['unsubscribed']);

    // The owner sees the whole story in the contact's consent history, and the address on the suppression list.
    await page.goto(`${base}/contacts/${contact.id}`);
    const ledger = page.getByTestId('consent-ledger');
    await expect.poll(() => ledger.textContent()).toContain('Preference centre');
    for (const source of ['Sign-up form', 'Email confirmation']) expect(await ledger.textContent()).toContain(source);
    await page.getByTestId('consent-panel').scrollIntoViewIfNeeded();
    await shots(page, '11-consent-history');
    await page.getByTestId('nav-suppressions').click();
    await page.getByTestId('suppressions-table').getByText('visitor@example.org').waitFor();

    // The script snippet on the same site signs up in place, across origins (CORS), and mails its confirmation too.
    await visitor.page.goto(`${site.url}/script`);
    await visitor.page.getByLabel('Email').fill('second@example.org');
    await visitor.page.getByRole('button', { name: 'Subscribe' }).click();
    await visitor.page.getByRole('status').getByText('Check your inbox to confirm').waitFor();
    expect(visitor.page.url()).toBe(`${site.url}/script`);
    await shots(visitor.page, '12-script-embed');
    await smtp.waitFor('second@example.org');

    // The forms page counts both sign-ups.
    await page.getByTestId('nav-forms').click();
    await expect.poll(() => page.getByTestId('form-submissions').textContent()).toBe('2');
    await shots(page, '13-forms');
    expect(errors.concat(visitor.errors)).toEqual([]);
  });
});
