import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the workbench journey: Chromium is not installed (apt-get install chromium).');

/** Seeds through the API with the page's session cookie. */
function apiOf(page: Page, base: string) {
  return async (method: 'post' | 'get' | 'patch', path: string, data?: unknown) => {
    const res = await page.request[method](`${base}/api/v1${path}`, data === undefined ? {} : { data });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
    return res.json();
  };
}

describe.skipIf(!hasChromium)('workbench journey in Chromium: merge, timeline, deals, reports', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('merges fuzzy duplicates field by field, reads the timeline in words, sees company and contact on deal cards and every open deal in the forecast', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    const api = apiOf(page, base);
    const me = await api('get', '/auth/me');

    const acme = await api('post', '/companies', { name: 'Acme Rockets' });
    const kept = await api('post', '/contacts', { firstName: 'Katherine', lastName: 'Johnson', email: 'katherine@acme.example', companyId: acme.id });
    const dup = await api('post', '/contacts', { firstName: 'Katharine', lastName: 'Johnson', email: 'kj@home.example', phone: '+40 721 000 111' });
    await api('patch', `/contacts/${kept.id}`, { ownerId: null });
    await api('patch', `/contacts/${kept.id}`, { ownerId: me.user.id });
    const list = await api('post', '/lists', { name: 'Invoices', purpose: 'transactional' });
    await api('post', `/lists/${list.id}/members`, { contactIds: [kept.id] });
    await api('patch', `/lists/${list.id}`, { name: 'Billing' });
    const pipeline = await api('post', '/pipelines', { name: 'Sales', stages: ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Contract'].map((name, i) => ({ name, probability: 10 + i * 20 })) });
    const deal = await api('post', '/deals', { title: 'Rocket fuel', value: 70500, pipelineId: pipeline.id, stageId: pipeline.stages[3].id, companyId: acme.id, contactIds: [kept.id] });
    expect(deal.currency).toBe('EUR'); // the workspace default

    // Duplicates: the similar-name pair with its score and reason, merged picking the other email.
    await page.goto(`${base}/contacts/duplicates`);
    const candidate = page.getByTestId('duplicate-candidate').first();
    await candidate.waitFor();
    expect(await candidate.getByTestId('candidate-reason').first().innerText()).toMatch(/Similar names \(\d+% alike\)/);
    await shot(page, 'workbench-1-duplicates');
    await candidate.getByTestId('merge-button').click();
    const modal = page.getByTestId('merge-fields');
    await modal.waitFor();
    await page.locator('[data-field="email"]').getByTestId('merge-pick-1').click();
    await shot(page, 'workbench-2-merge-side-by-side');
    await page.getByTestId('merge-confirm').click();
    await page.getByTestId('merge-fields').waitFor({ state: 'detached' });

    // The kept contact: the other email as a secondary address; the timeline in words, ids as names.
    await page.goto(`${base}/contacts/${kept.id}`);
    await expect.poll(() => page.getByTestId('contact-secondaries').innerText()).toContain('katherine@acme.example');
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor();
    const text = await timeline.innerText();
    expect(text).toContain('Merged with Katharine Johnson');
    expect(text).toContain('Changed owner');
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Subscribed to “Billing”');
    expect(text).toMatch(/Deal created: Rocket fuel/);
    expect(text).not.toMatch(/[{}]|#\d/);
    await shot(page, 'workbench-3-contact-timeline');

    // Deal cards name the company and the main contact.
    await page.goto(`${base}/deals`);
    const card = page.getByTestId('deal-card').first();
    await card.waitFor();
    expect(await card.getByTestId('deal-card-company').innerText()).toContain('Acme Rockets');
    expect(await card.getByTestId('deal-card-contact').innerText()).toContain('Katherine Johnson');
    await shot(page, 'workbench-4-deal-cards');

    // Reports: the undated deal is in the forecast; From and To show the period in force.
    await page.goto(`${base}/reports`);
    await page.getByTestId('forecast-undated').waitFor();
    expect(await page.getByTestId('forecast-undated').innerText()).toContain('No close date');
    expect(await page.getByTestId('report-from').inputValue()).toMatch(/^\d{4}-\d{2}-01$/);
    expect(await page.getByTestId('report-to').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await shot(page, 'workbench-5-forecast');
    await page.getByTestId('report-tab-funnel').click();
    await page.getByTestId('chart-funnel').waitFor();
    await shot(page, 'workbench-6-funnel');

    // Phone width: the deal's current stage is in view; the merge screen and the contact read well.
    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${base}/deals/${deal.id}`);
    await phone.page.getByTestId('stage-current').waitFor();
    // The stages load after the deal: wait for the position rather than read the first render.
    await expect.poll(() => phone.page.getByTestId('stage-current').innerText()).toContain('Stage 4 of 5: Negotiation');
    const current = phone.page.locator('[data-testid="stage-step"][data-current="true"]');
    await expect.poll(async () => {
      const box = await current.boundingBox();
      return box !== null && box.x >= 0 && box.x + box.width <= 390;
    }).toBe(true);
    await shot(phone.page, 'workbench-7-phone-deal-stage');
    await phone.page.goto(`${base}/contacts/${kept.id}`);
    await phone.page.getByTestId('timeline').waitFor();
    await shot(phone.page, 'workbench-8-phone-contact');
    await phone.page.goto(`${base}/reports`);
    await phone.page.getByTestId('forecast-undated').waitFor();
    await shot(phone.page, 'workbench-9-phone-forecast');
    await phone.page.goto(`${base}/contacts/duplicates`);
    await phone.page.getByRole('heading', { name: 'Duplicates' }).waitFor();
    await shot(phone.page, 'workbench-10-phone-duplicates');

    expect(errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  }, 240_000);
});
