import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the workbench journey: Chromium is not installed (apt-get install chromium).');

async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!hasChromium)('CRM workbench journey in Chromium: bulk actions, saved views, global search', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('selects, tags, deletes and undoes in bulk, saves a view and finds a record with Ctrl-K, at desktop and phone width', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    const api = async (method: 'post' | 'get', path: string, data?: unknown) => {
      const res = await page.request[method](`${base}/api/v1${path}`, data === undefined ? {} : { data });
      expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
      return res.json();
    };
    await api('post', '/custom-fields', { entity: 'contact', key: 'tier', label: 'Tier', type: 'text' });
    for (const [firstName, lastName] of [['Grace', 'Hopper'], ['Alan', 'Turing'], ['Edsger', 'Dijkstra'], ['Barbara', 'Liskov'], ['Donald', 'Knuth']]) {
      await api('post', '/contacts', { firstName, lastName, email: `${firstName.toLowerCase()}@example.com`, custom: { tier: 'gold' } });
    }
    await page.reload();
    await expect.poll(() => page.getByTestId('contacts-count').textContent(), { timeout: 15_000 }).toBe('5 contacts');

    // Pick two rows and tag them.
    await page.getByTestId('select-row').nth(0).click();
    await page.getByTestId('select-row').nth(1).click();
    await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    await pick(page, 'bulk-action', 'Add tags');
    await page.getByTestId('bulk-tags').fill('conference');
    await page.getByTestId('bulk-tags').press('Enter');
    await shot(page, 'workbench-1-bulk-tag-desktop');
    await page.getByTestId('bulk-run').click();
    await expect.poll(async () => (await api('get', '/contacts?tag=conference')).data.length, { timeout: 15_000 }).toBe(2);

    // The whole page, deleted, then undone within the window.
    await page.getByTestId('select-page').click();
    await pick(page, 'bulk-action', 'Delete');
    await page.getByTestId('bulk-run').click();
    await expect.poll(() => page.getByTestId('contacts-count').textContent(), { timeout: 15_000 }).toBe('0 contacts');
    await expect.poll(() => page.getByTestId('bulk-undo').isVisible()).toBe(true);
    await shot(page, 'workbench-2-undo-desktop');
    await page.getByTestId('bulk-undo-button').click();
    await expect.poll(() => page.getByTestId('contacts-count').textContent(), { timeout: 15_000 }).toBe('5 contacts');

    // A custom field as a column, 25 rows a page, saved as a named view.
    await page.getByTestId('columns-picker').click({ force: true });
    await page.getByRole('option', { name: 'Tier', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('page-size').getByText('25').click();
    await page.getByTestId('views-save').click();
    await page.getByTestId('views-name').fill('Gold people');
    await page.getByTestId('views-save-confirm').click();
    await expect.poll(async () => (await api('get', '/views?entity=contact')).data.map((v: { name: string; config: { pageSize: number; columns: string[] } }) => [v.name, v.config.pageSize, v.config.columns.includes('custom.tier')]))
      .toEqual([['Gold people', 25, true]]);
    await expect.poll(() => page.getByRole('columnheader', { name: 'Tier' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('views-save-confirm').count()).toBe(0);
    await shot(page, 'workbench-3-view-desktop');

    // Ctrl-K: search, Enter opens the record; then it is a recent item.
    await page.keyboard.press('Control+K');
    await page.getByTestId('search-input').fill('turing');
    await expect.poll(() => page.getByTestId('search-hit').count(), { timeout: 15_000 }).toBe(1);
    await shot(page, 'workbench-4-search-desktop');
    await page.getByTestId('search-input').press('Enter');
    await page.waitForURL('**/contacts/*');
    await page.keyboard.press('Control+K');
    await expect.poll(() => page.getByTestId('search-hit').first().textContent()).toContain('Alan Turing');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);

    // Phone width: the list with its bulk bar, and the search box.
    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${base}/contacts`);
    await expect.poll(() => phone.page.getByTestId('contacts-count').textContent(), { timeout: 15_000 }).toBe('5 contacts');
    await phone.page.getByTestId('select-row').nth(0).click();
    await shot(phone.page, 'workbench-5-bulk-phone');
    await phone.page.getByTestId('search-open').click();
    await phone.page.getByTestId('search-input').fill('grace');
    await expect.poll(() => phone.page.getByTestId('search-hit').count(), { timeout: 15_000 }).toBe(1);
    await shot(phone.page, 'workbench-6-search-phone');
    expect(phone.errors).toEqual([]);
  }, 240_000);
});
