import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accessibilityViolations, hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

/** The screen must show no critical or serious axe-core violation, and gets a screenshot. */
async function clean(page: Page, name: string) {
  await shot(page, name);
  expect(await accessibilityViolations(page), name).toEqual([]);
}

async function newContactWithoutRegion(page: Page, name: string) {
  await page.getByTestId('new-contact').click();
  await page.getByTestId('contact-firstName').fill('Nell');
  await page.getByTestId('contact-submit').click();
  // The server's 400 `custom.region: is required` lands beside the field, which comes first.
  await page.locator('[data-testid="custom-region"][aria-invalid="true"]').waitFor();
  expect(await page.getByTestId('new-contact-modal').getByText('is required').isVisible()).toBe(true);
  await clean(page, name);
}

describe.skipIf(!hasChromium)('workbench shell in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('shows field errors beside custom fields, manages invites, and switches workspaces (desktop and phone)', { timeout: 240_000 }, async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    const made = await page.request.post(`${base}/api/v1/custom-fields`, {
      headers: { origin: base }, data: { entity: 'contact', key: 'region', label: 'Region', type: 'text', required: true },
    });
    expect(made.status()).toBe(201);
    await page.reload();
    await clean(page, 'wbshell-contacts');
    await newContactWithoutRegion(page, 'wbshell-required-field');
    await page.getByTestId('custom-region').fill('North');
    await page.getByTestId('contact-submit').click();
    await page.waitForURL(/contacts\/\d+/);

    await page.goto(`${base}/settings/users`);
    await page.getByTestId('invite-user').click();
    await page.getByTestId('invite-email').fill('new.person@example.com');
    await page.getByTestId('invite-submit').click();
    await page.getByTestId('invite-link').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('invites-table').getByText('new.person@example.com').waitFor();
    await clean(page, 'wbshell-users');

    await page.getByTestId('workspace-switcher').click();
    await page.getByTestId('new-workspace').click();
    await page.getByTestId('new-workspace-name').fill('Client B');
    await page.getByTestId('new-workspace-submit').click();
    await page.getByTestId('workspace-switcher').getByText('Client B').waitFor();
    await page.getByTestId('workspace-switcher').click();
    // Checked once the menu has faded in: mid-transition its text is still pale.
    await page.getByTestId('workspace-1').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.mantine-Menu-dropdown')].every((d) => getComputedStyle(d).opacity === '1'));
    await shot(page, 'wbshell-switcher');
    expect(errors).toEqual([]);

    const phone = await newPage(journey.browser, 390);
    await phone.page.goto(`${base}/login`);
    await phone.page.getByTestId('login-email').fill('ada@example.com');
    await phone.page.getByTestId('login-password').fill('password123');
    await phone.page.getByTestId('login-submit').click();
    await phone.page.waitForURL('**/contacts');
    await newContactWithoutRegion(phone.page, 'wbshell-required-field-phone');
    expect(phone.errors).toEqual([]);
  });
});
