import { writeFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, newPage, shot, SHOTS, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the end-to-end journey: Chromium is not installed (apt-get install chromium).');

describe.skipIf(!hasChromium)('foundation journey in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('sets up the owner, logs in, creates and imports contacts, searches and reads a timeline', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;

    await setUpOwner(page, base);

    // Log out and back in through the login page.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    await page.getByTestId('login-email').fill('ada@example.com');
    await page.getByTestId('login-password').fill('password123');
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/contacts');

    await page.getByTestId('new-contact').click();
    await page.getByTestId('contact-firstName').fill('Grace');
    await page.getByTestId('contact-lastName').fill('Hopper');
    await page.getByTestId('contact-email').fill('not-an-email');
    await page.getByTestId('contact-submit').click();
    await page.locator('[data-testid="contact-email"][aria-invalid="true"]').waitFor();
    await page.getByTestId('contact-email').fill('grace@example.com');
    await page.getByTestId('contact-submit').click();
    await page.waitForURL(/contacts\/\d+/);

    const csv = `${SHOTS}/contacts.csv`;
    writeFileSync(csv, 'First Name,Last Name,E-mail,Company,Birthday\nAlan,Turing,alan@example.com,Bletchley,1912-06-23\nKatherine,Johnson,not-an-email,NASA,1918-08-26\nLinus,Torvalds,linus@example.com,,31/12/1969\nBad,Date,bad.date@example.com,,1999-02-30\n');
    await page.goto(`${base}/imports/new`);
    await page.getByTestId('import-file-input').setInputFiles(csv);
    await page.getByTestId('mapping-table').waitFor();
    await shot(page, 'foundation-1-import-mapping');
    await page.getByTestId('start-import').click();
    await page.locator('[data-testid="import-progress"][data-status="completed"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('import-created').innerText()).toContain('2');
    await expect.poll(() => page.getByTestId('import-failed').innerText()).toContain('2');
    const errorsTable = await page.getByTestId('import-errors').innerText();
    expect(errorsTable).toContain('3');
    expect(errorsTable).toContain('5');
    await shot(page, 'foundation-2-import-done');

    await page.goto(`${base}/contacts`);
    await page.getByTestId('contacts-search').fill('turing');
    await page.getByTestId('contacts-table').getByText('Alan Turing').waitFor();
    await expect.poll(() => page.getByTestId('contacts-table').getByText('Grace Hopper').count()).toBe(0);
    await shot(page, 'foundation-3-search');

    await page.getByTestId('contacts-table').getByText('Alan Turing').click();
    await page.waitForURL(/contacts\/\d+/);
    await page.locator('[data-testid="timeline-item"][data-kind="imported"]').waitFor();
    await page.getByTestId('note-body').fill('Asked about the Enigma project.');
    await page.getByTestId('note-submit').click();
    await page.locator('[data-testid="timeline-item"][data-kind="note_added"]').waitFor();
    await shot(page, 'foundation-4-contact-timeline');

    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${base}/contacts`);
    await phone.page.getByText('Alan Turing').first().waitFor();
    await shot(phone.page, 'foundation-5-phone-contacts');

    expect(errors).toEqual([]);
  });
});
