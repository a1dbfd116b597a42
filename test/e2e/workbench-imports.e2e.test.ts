import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, newPage, shot, setUpOwner, SHOTS, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the imports journey: Chromium is not installed (apt-get install chromium).');

const CONTACTS_CSV = [
  'First Name,E-mail,Birthday,Tier',
  'Ann,ann@example.com,12-05-1990,gold',
  'Bob,bob@example.com,03/04/1985,SILVER,a note past the last column',
  'Annie,ANN@example.com,01/02/1970,Gold',
  'Cy,cy@example.com,,silver',
].join('\n');

// Two orders, the first over two adjacent line rows (its id repeats: no question asked).
const ORDERS_CSV = 'Order ID,Email,Created at,Currency,Product name,Quantity,Price\nW-1,ann@example.com,2026-10-01,EUR,Mug,2,10\nW-1,ann@example.com,2026-10-01,EUR,Gift card,1,25\nW-2,bob@example.com,2026-10-02,EUR,Mug,1,10\n';

const DEALS_CSV = 'Deal name,Pipeline,Stage,Amount,Close date\nRocket order,Sales,proposal,"12,500.00",2027-03-31\nMystery,Sales,Nowhere,10,\n';

async function upload(page: Page, base: string, kind: 'Contacts' | 'Deals' | 'Orders', file: string) {
  await page.goto(`${base}/imports/new`);
  await page.getByTestId('import-kind').getByText(kind, { exact: true }).click();
  await page.getByTestId('import-file-input').setInputFiles(file);
  await page.getByTestId('mapping-table').waitFor();
}

describe.skipIf(!hasChromium)('imports journey in Chromium: repeats, date format, wide rows, deals', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('asks what the file leaves open before it runs, reports honestly, and imports deals, at desktop and phone width', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    const api = async (path: string, data: unknown) => {
      const res = await page.request.post(`${base}/api/v1${path}`, { data });
      expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
      return res.json();
    };
    await api('/custom-fields', { entity: 'contact', key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] });
    await api('/pipelines', { name: 'Sales', stages: [{ name: 'Lead', probability: 10 }, { name: 'Proposal', probability: 60 }] });
    const contactsCsv = `${SHOTS}/imports-contacts.csv`;
    writeFileSync(contactsCsv, CONTACTS_CSV);

    // The sample's dates read either way: the mapping step asks for the format.
    await upload(page, base, 'Contacts', contactsCsv);
    await page.getByTestId('import-date-format').waitFor();
    await expect.poll(() => page.getByTestId('start-import').isDisabled()).toBe(true);
    await page.getByTestId('import-date-format').click();
    await page.getByRole('option', { name: /^Day first/ }).click();
    await shot(page, 'imports-1-date-format-desktop', { enforceA11y: true });

    // Starting reads the whole file first: the repeated email stops it with its rows and a choice.
    await page.getByTestId('start-import').click();
    await page.getByTestId('import-repeats').waitFor();
    expect(await page.getByTestId('import-repeats').innerText()).toContain('2, 4');
    expect(await page.getByTestId('import-wide-rows').innerText()).toContain('3');
    await shot(page, 'imports-2-repeats-desktop', { enforceA11y: true });
    await page.getByText('Last row wins', { exact: true }).click();
    await page.getByTestId('start-import').click();
    await page.locator('[data-testid="import-progress"][data-status="completed"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('import-created').innerText()).toBe('3');
    expect(await page.getByTestId('import-updated').innerText()).toBe('0');
    expect(await page.getByTestId('import-skipped').innerText()).toBe('1');
    expect(await page.getByTestId('import-warned').innerText()).toBe('1');
    expect(await page.getByTestId('import-errors').innerText()).toContain('last row wins');
    await shot(page, 'imports-3-done-desktop', { enforceA11y: true });
    const ann = (await (await page.request.get(`${base}/api/v1/contacts?q=ann%40example.com`)).json()).data[0];
    expect(ann).toMatchObject({ firstName: 'Annie', birthday: '1970-02-01', custom: { tier: 'Gold' } });

    // Orders through the same wizard (the owner has orders:write): the order's two rows make one order.
    const ordersCsv = `${SHOTS}/imports-orders.csv`;
    writeFileSync(ordersCsv, ORDERS_CSV);
    await upload(page, base, 'Orders', ordersCsv);
    await shot(page, 'imports-6-orders-mapping-desktop', { enforceA11y: true });
    await page.getByTestId('start-import').click();
    await page.locator('[data-testid="import-progress"][data-status="completed"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('import-created').innerText()).toBe('2');
    const orders = (await (await page.request.get(`${base}/api/v1/orders?limit=10`)).json()).data;
    expect(orders.map((o: { externalId: string; total: number }) => [o.externalId, o.total]).sort()).toEqual([['W-1', 45], ['W-2', 10]]);

    // Deals through the same wizard, at phone width.
    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    const dealsCsv = `${SHOTS}/imports-deals.csv`;
    writeFileSync(dealsCsv, DEALS_CSV);
    await upload(phone.page, base, 'Deals', dealsCsv);
    await shot(phone.page, 'imports-4-deals-mapping-phone', { enforceA11y: true });
    await phone.page.getByTestId('start-import').click();
    await phone.page.locator('[data-testid="import-progress"][data-status="completed"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => phone.page.getByTestId('import-created').innerText()).toBe('1');
    expect(await phone.page.getByTestId('import-errors').innerText()).toContain('is not a stage of Sales');
    await shot(phone.page, 'imports-5-deals-done-phone', { enforceA11y: true });
    const deals = (await (await page.request.get(`${base}/api/v1/deals?limit=10`)).json()).data;
    expect(deals.map((d: { title: string; value: number; stage: { name: string } }) => [d.title, d.value, d.stage.name])).toEqual([['Rocket order', 12500, 'Proposal']]);

    expect(errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  });
});
