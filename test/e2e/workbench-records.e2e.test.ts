import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, newPage, postApi, shot, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the workbench records journey: Chromium is not installed (apt-get install chromium).');

async function login(page: Page, base: string) {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill('ada@example.com');
  await page.getByTestId('login-password').fill('password123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/contacts');
}

describe.skipIf(!hasChromium)('Workbench records in Chromium: required company fields, segment to list, deal currencies, the phone workspace switcher', () => {
  const journey = useJourney({ beforeAll, afterAll });
  const state = {} as { page: Page; errors: string[]; api: (path: string, data: unknown) => Promise<{ id: number }> };
  const db = () => journey.server.ctx.db;

  beforeAll(async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    Object.assign(state, { page, errors, api: postApi(page, base) });
  }, 120_000);

  it('shows a required company field’s server error beside it, and makes a list from a segment in one action', async () => {
    const { page, errors, api } = state;
    const base = journey.server.url;
    await api('/custom-fields', { entity: 'company', key: 'sector', label: 'Sector', type: 'text', required: true });
    await page.goto(`${base}/companies`);
    await page.getByTestId('new-company').click();
    await page.getByTestId('company-name').fill('Babbage Engines');
    await page.getByTestId('company-submit').click();
    // The server's 400 `custom.sector: is required` lands beside the field.
    await page.locator('[data-testid="custom-sector"][aria-invalid="true"]').waitFor();
    expect(await page.getByTestId('new-company-modal').getByText('is required').isVisible()).toBe(true);
    await shot(page, 'wbrec-1-company-required-desktop');
    await page.getByTestId('custom-sector').fill('Computing');
    await page.getByTestId('company-submit').click();
    await page.waitForURL(/companies\/\d+/);
    const company = await db().selectFrom('companies').select(['name', 'custom']).where('name', '=', 'Babbage Engines').executeTakeFirstOrThrow();
    expect(company.custom).toEqual({ sector: 'Computing' });

    // Make a list: a dynamic segment of two tagged people becomes a marketing list holding them.
    const people = [];
    for (const name of ['Ada', 'Mary']) people.push((await api('/contacts', { firstName: name, email: `${name.toLowerCase()}@example.org`, tags: ['pioneer'] })).id);
    await api('/contacts', { firstName: 'Other', email: 'other@example.org' });
    const segment = await api('/segments', { name: 'Pioneers', version: 1, tree: { type: 'tags', op: 'hasAny', tags: ['pioneer'] } });
    await page.goto(`${base}/segments/${segment.id}`);
    await page.getByTestId('make-list').click();
    await expect.poll(() => page.getByTestId('make-list-name').inputValue()).toBe('Pioneers');
    await page.getByTestId('make-list-name').fill('Pioneers newsletter');
    await page.getByTestId('consent-proof').fill('Ticked the newsletter box on the 2026 conference badge form');
    await shot(page, 'wbrec-2-make-list-desktop');
    await page.getByTestId('make-list-submit').click();
    await page.getByTestId('make-list-done').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('make-list-done').textContent()).toContain('now holds 2 of the segment’s 2 contacts');
    await shot(page, 'wbrec-3-make-list-done-desktop');
    const list = await db().selectFrom('lists').select(['id', 'purpose']).where('name', '=', 'Pioneers newsletter').executeTakeFirstOrThrow();
    expect(list.purpose).toBe('marketing');
    const members = await db().selectFrom('list_members').select('contact_id').where('list_id', '=', list.id).where('status', '=', 'subscribed').orderBy('contact_id').execute();
    expect(members.map((m) => m.contact_id)).toEqual(people.sort((a, b) => a - b));
    await page.getByTestId('make-list-open').click();
    await page.waitForURL(`**/lists/${list.id}`);
    expect(errors).toEqual([]);

    // Phone width: the same dialogs.
    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${base}/companies`);
    await phone.page.getByTestId('new-company').click();
    await phone.page.getByTestId('company-name').fill('Lovelace Analytics');
    await phone.page.getByTestId('company-submit').click();
    await phone.page.locator('[data-testid="custom-sector"][aria-invalid="true"]').waitFor();
    await shot(phone.page, 'wbrec-1-company-required-phone');
    await phone.page.goto(`${base}/segments/${segment.id}`);
    await phone.page.getByTestId('make-list').click();
    await expect.poll(() => phone.page.getByTestId('make-list-name').inputValue()).toBe('Pioneers');
    await shot(phone.page, 'wbrec-2-make-list-phone');
    expect(phone.errors).toEqual([]);
  });

  it('picks deal currencies from a list, and a new deal takes the workspace default currency', async () => {
    const { page, errors, api } = state;
    const base = journey.server.url;
    await api('/pipelines', { name: 'Sales', stages: [{ name: 'Lead', probability: 10 }, { name: 'Won', probability: 100 }] });
    await page.goto(`${base}/settings/pipelines`);
    await page.getByTestId('default-currency').click();
    await page.getByTestId('default-currency').fill('British');
    await page.getByRole('option', { name: /^GBP/ }).click();
    await expect.poll(async () => (await db().selectFrom('workspaces').select('settings').where('name', '=', 'Acme Inc.').executeTakeFirstOrThrow()).settings, { timeout: 15_000 })
      .toMatchObject({ defaultCurrency: 'GBP' });
    await expect.poll(() => page.getByTestId('default-currency').inputValue()).toMatch(/^GBP — /);
    await shot(page, 'wbrec-4-default-currency-desktop');

    const newDeal = async (title: string) => {
      await page.goto(`${base}/deals`);
      await page.getByTestId('new-deal').click();
      await page.getByTestId('deal-title').fill(title);
      await page.getByTestId('deal-value').fill('5000');
    };
    const currencyOf = async (title: string) => (await db().selectFrom('deals').select('currency').where('title', '=', title).executeTakeFirstOrThrow()).currency;

    // Left alone, the currency is the workspace default.
    await newDeal('Difference engine');
    await expect.poll(() => page.getByTestId('deal-currency').inputValue()).toMatch(/^GBP — /);
    await page.getByTestId('deal-submit').click();
    await page.getByTestId('new-deal-modal').waitFor({ state: 'hidden' });
    expect(await currencyOf('Difference engine')).toBe('GBP');

    // Chosen from the list (searchable by name); what is not a currency is not offered.
    await newDeal('Jacquard loom');
    await page.getByTestId('deal-currency').click();
    await page.getByTestId('deal-currency').fill('qqq');
    await page.getByText('No such currency').waitFor();
    await page.getByTestId('deal-currency').fill('Japanese');
    await page.getByRole('option', { name: /^JPY/ }).waitFor();
    await shot(page, 'wbrec-5-currency-list-desktop');
    await page.getByRole('option', { name: /^JPY/ }).click();
    await page.getByTestId('deal-submit').click();
    await page.getByTestId('new-deal-modal').waitFor({ state: 'hidden' });
    expect(await currencyOf('Jacquard loom')).toBe('JPY');
    expect(errors).toEqual([]);
  });

  it('shows an activity and a form without axe violations, and switches workspace from the phone nav drawer', async () => {
    const { page, errors, api } = state;
    const base = journey.server.url;
    const contact = await api('/contacts', { firstName: 'Charles', lastName: 'Babbage', email: 'charles@example.org' });
    const task = await api('/activities', { type: 'task', subject: 'Send the engine drawings', contactId: contact.id, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    const list = await api('/lists', { name: 'Updates', purpose: 'marketing' });
    const form = await api('/forms', { name: 'Sign-up', listIds: [list.id], fields: [{ key: 'email', label: 'Email' }, { key: 'first_name', label: 'First name' }], consentText: 'Send me the monthly update.' });

    const phone = await newPage(journey.browser, 390);
    await login(phone.page, base);
    for (const [p, width] of [[page, 'desktop'], [phone.page, 'phone']] as const) {
      // The activity's own address opens its record with the activity in view.
      await p.goto(`${base}/activities/${task.id}`);
      await p.waitForURL(`**/contacts/${contact.id}#activity-${task.id}`);
      const item = p.locator(`[data-testid="activity-item"][data-activity-id="${task.id}"][data-linked]`);
      await item.waitFor();
      // Brought into view, even at the bottom of a long record page on a phone.
      await expect.poll(() => item.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }), { timeout: 15_000 }).toBe(true);
      await shot(p, `wbrec-6-activity-${width}`);
      await p.goto(`${base}/forms/${form.id}`);
      await expect.poll(() => p.getByTestId('form-consent-text').inputValue()).toBe('Send me the monthly update.');
      await shot(p, `wbrec-7-form-${width}`);
    }

    // Phone width: the header has no room for the switcher, so the nav drawer holds it.
    const other = await api('/workspaces', { name: 'Client B' });
    await phone.page.goto(`${base}/contacts`);
    await phone.page.getByTestId('contacts-count').waitFor();
    expect(await phone.page.getByTestId('workspace-switcher').isVisible()).toBe(false);
    await phone.page.getByTestId('nav-burger').click();
    await expect.poll(() => phone.page.getByTestId('nav-burger').locator('[data-opened]').count()).toBe(1);
    await phone.page.getByTestId('workspace-switcher-nav').click();
    await phone.page.getByTestId(`workspace-${other.id}`).waitFor();
    await phone.page.waitForFunction(() => [...document.querySelectorAll('.mantine-Menu-dropdown')].every((d) => getComputedStyle(d).opacity === '1'));
    await shot(phone.page, 'wbrec-8-switcher-drawer-phone');
    await phone.page.getByTestId(`workspace-${other.id}`).click();
    await expect.poll(async () => (await (await phone.page.request.get(`${base}/api/v1/workspaces`)).json()).data.find((w: { current: boolean }) => w.current)?.name, { timeout: 15_000 })
      .toBe('Client B');
    // The drawer closed and the new workspace's (empty) contacts are shown.
    await expect.poll(() => phone.page.getByTestId('contacts-count').textContent(), { timeout: 15_000 }).toBe('0 contacts');
    await expect.poll(() => phone.page.getByTestId('nav-burger').locator('[data-opened]').count()).toBe(0);
    expect(phone.errors).toEqual([]);
    expect(errors).toEqual([]);
  });
});
