import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the saved-views journey: Chromium is not installed (apt-get install chromium).');

async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Scrolls until the list holds `rows` rows (infinite scroll), then brings row `index` to the middle of the window. */
async function scrollToRow(page: Page, table: string, rows: number, index: number) {
  const body = page.getByTestId(table).locator('tbody tr');
  await expect.poll(async () => {
    await page.mouse.wheel(0, 4000);
    return body.count();
  }, { timeout: 20_000 }).toBeGreaterThanOrEqual(rows);
  await body.nth(index).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  return page.evaluate(() => Math.round(window.scrollY));
}

describe.skipIf(!hasChromium)('Saved views of companies and deals in Chromium: columns, filters, totals, page sizes, infinite scroll', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('saves company and deal views with a custom column and a filter, and comes back to the same place in a long list', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    const api = async (method: 'post' | 'get', path: string, data?: unknown) => {
      const res = await page.request[method](`${base}/api/v1${path}`, data === undefined ? {} : { data });
      expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
      return res.json();
    };
    await api('post', '/custom-fields', { entity: 'company', key: 'size', label: 'Size', type: 'number' });
    await api('post', '/custom-fields', { entity: 'deal', key: 'region', label: 'Region', type: 'text' });
    for (let i = 1; i <= 60; i++) await api('post', '/companies', { name: `Company ${String(i).padStart(2, '0')}`, custom: { size: i } });

    // Companies: the total, a custom column, a filter on it, 25 a page, saved as a shared view.
    await page.goto(`${base}/companies`);
    await expect.poll(() => page.getByTestId('companies-count').textContent(), { timeout: 15_000 }).toBe('60 companies');
    await page.getByTestId('columns-picker').click({ force: true });
    await page.getByRole('option', { name: 'Size', exact: true }).click();
    await page.keyboard.press('Escape');
    await pick(page, 'filter-field', 'Size');
    await pick(page, 'filter-op', 'greater than');
    await page.getByTestId('filter-value').fill('50');
    await expect.poll(() => page.getByTestId('companies-count').textContent(), { timeout: 15_000 }).toBe('10 companies');
    await page.getByTestId('page-size').getByText('25').click();
    await page.getByTestId('views-save').click();
    await page.getByTestId('views-name').fill('Big companies');
    await page.getByText('Share with everyone in the workspace').click();
    await page.getByTestId('views-save-confirm').click();
    await expect.poll(async () => (await api('get', '/views?entity=company')).data.map((v: { name: string; shared: boolean; config: { pageSize: number; columns: string[]; filters: unknown[] } }) =>
      [v.name, v.shared, v.config.pageSize, v.config.columns.includes('custom.size'), v.config.filters]))
      .toEqual([['Big companies', true, 25, true, [{ field: 'custom.size', op: 'gt', value: 50 }]]]);
    await expect.poll(() => page.getByRole('columnheader', { name: 'Size' }).isVisible()).toBe(true);
    await shot(page, 'views-1-companies-desktop');

    // Without the filter, 25 a page: scrolling loads the rest; back from a company returns to the same row.
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => page.getByTestId('companies-count').textContent(), { timeout: 15_000 }).toBe('60 companies');
    await page.getByTestId('sort-name').click();
    const y = await scrollToRow(page, 'companies-table', 50, 45);
    expect(y).toBeGreaterThan(500);
    const row = page.getByTestId('companies-table').locator('tbody tr').nth(45);
    const name = (await row.locator('td').first().textContent())!;
    await row.click();
    await page.waitForURL('**/companies/*');
    await page.goBack();
    await page.waitForURL('**/companies');
    await expect.poll(() => page.evaluate(() => Math.round(window.scrollY)), { timeout: 15_000 }).toBe(y);
    expect(await page.getByTestId('companies-table').locator('tbody tr').nth(45).locator('td').first().textContent()).toBe(name);
    await shot(page, 'views-2-companies-back-desktop');

    // Applying the saved view brings its filter, columns and page size back.
    await page.evaluate(() => window.scrollTo(0, 0));
    await pick(page, 'views-select', 'Big companies (shared)');
    await expect.poll(() => page.getByTestId('companies-count').textContent(), { timeout: 15_000 }).toBe('10 companies');
    expect(await page.getByTestId('filter-value').inputValue()).toBe('50');

    // Deals: the table with a custom column, an open-status filter and a personal view.
    const pipeline = await api('post', '/pipelines', { name: 'Sales', stages: [{ name: 'Lead', probability: 10 }, { name: 'Won soon', probability: 80 }] });
    for (let i = 1; i <= 30; i++) {
      await api('post', '/deals', { title: `Deal ${i}`, value: i * 100, currency: 'EUR', pipelineId: pipeline.id, custom: { region: i % 2 ? 'North' : 'South' } });
    }
    await page.goto(`${base}/deals?view=table`);
    await expect.poll(() => page.getByTestId('deals-count').textContent(), { timeout: 15_000 }).toBe('30 deals');
    await page.getByTestId('columns-picker').click({ force: true });
    await page.getByRole('option', { name: 'Region', exact: true }).click();
    await page.keyboard.press('Escape');
    await pick(page, 'filter-field', 'Region');
    await page.getByTestId('filter-value').fill('North');
    await pick(page, 'deals-filter-status', 'Open');
    await expect.poll(() => page.getByTestId('deals-count').textContent(), { timeout: 15_000 }).toBe('15 deals');
    await page.getByTestId('views-save').click();
    await page.getByTestId('views-name').fill('Open in the north');
    await page.getByTestId('views-save-confirm').click();
    await expect.poll(async () => (await api('get', '/views?entity=deal')).data.map((v: { name: string; config: { status: string; filters: unknown[] } }) => [v.name, v.config.status, v.config.filters]))
      .toEqual([['Open in the north', 'open', [{ field: 'custom.region', op: 'eq', value: 'North' }]]]);
    await expect.poll(() => page.getByRole('columnheader', { name: 'Region' }).isVisible()).toBe(true);
    await shot(page, 'views-3-deals-desktop');
    expect(errors).toEqual([]);

    // Phone width: both lists with their totals and view controls.
    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${base}/companies`);
    await expect.poll(() => phone.page.getByTestId('companies-count').textContent(), { timeout: 15_000 }).toBe('60 companies');
    await shot(phone.page, 'views-4-companies-phone');
    await phone.page.goto(`${base}/deals?view=table`);
    await expect.poll(() => phone.page.getByTestId('deals-count').textContent(), { timeout: 15_000 }).toBe('30 deals');
    await shot(phone.page, 'views-5-deals-phone');
    expect(phone.errors).toEqual([]);

    // A German browser west of Greenwich: the close date reads 31.03.2027 in the list, as its date input shows it.
    const dated = await api('post', '/deals', { title: 'Dated deal', value: 1, currency: 'EUR', pipelineId: pipeline.id, expectedCloseDate: '2027-03-31' });
    const german = await journey.browser.newContext({ locale: 'de-DE', timezoneId: 'America/New_York', viewport: { width: 1280, height: 860 } });
    await german.addCookies(await page.context().cookies());
    const de = await german.newPage();
    await de.goto(`${base}/deals?view=table`);
    await de.getByTestId('deals-search').fill('Dated');
    await expect.poll(() => de.getByTestId('deals-count').textContent(), { timeout: 15_000 }).toBe('1 deal');
    await expect.poll(() => de.getByTestId('deals-table').locator('tbody tr').first().textContent()).toContain('31.03.2027');
    await de.goto(`${base}/deals/${dated.id}`);
    expect(await de.getByTestId('deal-close-date').inputValue()).toBe('2027-03-31');
    await de.getByTestId('deal-close-date').scrollIntoViewIfNeeded();
    await shot(de, 'views-6-deal-date-de-desktop');
    await german.close();

    // The audit log names the records it lists, at desktop and phone width.
    await page.goto(`${base}/audit`);
    await expect.poll(() => page.getByTestId('audit-record').first().textContent(), { timeout: 15_000 }).toBe('dealDated deal');
    expect(await page.getByTestId('audit-record').allTextContents()).toContain('saved viewOpen in the north');
    await shot(page, 'views-7-audit-desktop');
    await phone.page.goto(`${base}/audit`);
    await expect.poll(() => phone.page.getByTestId('audit-record').first().textContent(), { timeout: 15_000 }).toBe('dealDated deal');
    await shot(phone.page, 'views-8-audit-phone');
  }, 300_000);
});
