import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, hasChromium, newPage, setUpOwner, SHOTS, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the accessibility tour: Chromium is not installed (apt-get install chromium).');

/** Every screen of the app a signed-in owner reaches from the navigation, with records in it. */
const PAGES = [
  '/contacts', '/contacts/duplicates', '/companies', '/segments', '/segments/new', '/lists', '/forms', '/forms/new', '/suppressions', '/imports',
  '/imports/new', '/deals', '/deals?view=table', '/my-day', '/reports', '/campaigns', '/templates', '/email-reports', '/deliverability',
  '/settings/custom-fields', '/settings/users', '/settings/api-keys', '/settings/pipelines', '/audit', '/settings/sending',
];

async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(250);
}

describe.skipIf(!hasChromium)('Accessibility: axe-core finds no critical or serious violation on any screen, desktop and phone', () => {
  const journey = useJourney({ beforeAll, afterAll });

  const seeded = {} as { page: Page; errors: string[]; pages: string[] };
  beforeAll(async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    const api = async (path: string, data: unknown) => {
      const res = await page.request.post(`${base}/api/v1${path}`, { data });
      expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
      return res.json();
    };
    await api('/custom-fields', { entity: 'contact', key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] });
    const company = await api('/companies', { name: 'Acme Corp', domain: 'acme.example', tags: ['key-account'] });
    const contact = await api('/contacts', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', companyId: company.id, tags: ['vip'], custom: { tier: 'Gold' } });
    await api('/contacts', { firstName: 'Grace', lastName: 'Hoper', email: 'g.hopper@example.com', companyId: company.id });
    const pipeline = await api('/pipelines', { name: 'Sales', stages: [{ name: 'Lead', probability: 10 }, { name: 'Proposal', probability: 60 }] });
    const deal = await api('/deals', { title: 'Acme renewal', value: 12000, currency: 'EUR', pipelineId: pipeline.id, companyId: company.id, contactIds: [contact.id], expectedCloseDate: '2027-03-31' });
    const list = await api('/lists', { name: 'Newsletter', purpose: 'marketing' });

    seeded.page = page;
    seeded.errors = errors;
    seeded.pages = [...PAGES, `/contacts/${contact.id}`, `/companies/${company.id}`, `/deals/${deal.id}`, `/lists/${list.id}`];
  }, 240_000);

  it.each([[1280, 'desktop'], [390, 'phone']] as const)('walks every page and its open menus at %ipx (%s)', async (width, label) => {
    const { page, errors } = seeded;
    const base = journey.server.url;
    const found: string[] = [];
    const check = async (p: Page, name: string) => {
      await settle(p);
      await p.screenshot({ path: `${SHOTS}/a11y-${name}.png`, fullPage: true });
      // Collected rather than thrown at the first page, so one run names every screen to fix.
      found.push(...(await accessibilityViolations(p)).map((v) => `${name}: ${v}`));
    };
    {
      const p = width === 1280 ? page : (await newPage(journey.browser, width)).page;
      if (p !== page) await p.context().addCookies(await page.context().cookies());
      for (const path of seeded.pages) {
        await p.goto(`${base}${path}`);
        await check(p, `${path.replace(/[/?=]+/g, '-').replace(/^-/, '')}-${label}`);
      }
      // Open overlays: the user menu, the notifications and a select's dropdown.
      await p.goto(`${base}/contacts`);
      await settle(p);
      await p.getByTestId('user-menu').click();
      await check(p, `user-menu-${label}`);
      await p.keyboard.press('Escape');
      await p.getByTestId('notifications-bell').click();
      await check(p, `notifications-${label}`);
      await p.keyboard.press('Escape');
      await p.getByTestId('contacts-sort').click();
      await check(p, `select-open-${label}`);
      await p.keyboard.press('Escape');
      if (width < 500) {
        await p.getByRole('button', { name: 'More actions' }).click();
        await check(p, `more-actions-${label}`);
        await p.keyboard.press('Escape');
      }
    }
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
  }, 600_000);
});
