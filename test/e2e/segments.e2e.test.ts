import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the segments journey: Chromium is not installed (apt-get install chromium).');

/** Opens a Mantine select and clicks the option with this exact label. */
async function pick(page: Page, input: Locator, option: string) {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Waits until the live count has settled on `n` ("ready:3"). */
async function countIs(page: Page, n: number) {
  const count = page.getByTestId('segment-count');
  await expect.poll(async () => `${await count.getAttribute('data-state')}:${await count.getAttribute('data-count')}`, { timeout: 15_000 }).toBe(`ready:${n}`);
}

describe.skipIf(!hasChromium)('segments journey in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('builds a nested behavioural segment with a live count, saves it and opens it as a contacts view', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;

    await setUpOwner(page, base);

    // Seed through the API with the session cookie: a number field, five contacts, two of them with notes.
    const api = async (method: 'post' | 'get', path: string, data?: unknown) => {
      const res = await page.request[method](`${base}/api/v1${path}`, data === undefined ? {} : { data });
      expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
      return res.json();
    };
    await api('post', '/custom-fields', { entity: 'contact', key: 'score', label: 'Score', type: 'number' });
    const people = [
      { firstName: 'Alice', lastName: 'Vip', tags: ['vip'], custom: { score: 80 } }, // vip, high score
      { firstName: 'Bob', lastName: 'Vip', tags: ['vip'], custom: { score: 10 } }, // vip, gets a note
      { firstName: 'Carol', lastName: 'Vip', tags: ['vip'], custom: { score: 20 } }, // vip, neither
      { firstName: 'Dan', lastName: 'Plain', tags: [], custom: { score: 90 } }, // high score, not vip
      { firstName: 'Eve', lastName: 'Reader', tags: ['newsletter'], custom: { score: 5 } }, // note, not vip
    ];
    const ids: Record<string, number> = {};
    for (const p of people) ids[p.firstName] = (await api('post', '/contacts', p)).id;
    await api('post', `/contacts/${ids.Bob}/notes`, { body: 'Called about the renewal.' });
    await api('post', `/contacts/${ids.Eve}/notes`, { body: 'Asked for the brochure.' });

    // The builder, reached through the nav.
    await page.getByTestId('nav-segments').click();
    await page.waitForURL('**/segments');
    await page.getByTestId('new-segment').click();
    await page.waitForURL('**/segments/new');
    await countIs(page, 5); // an empty AND matches everyone

    // AND[ tag vip ]
    await page.locator('[data-testid="add-condition"][data-depth="0"]').click();
    const first = page.getByTestId('condition').nth(0);
    await pick(page, first.getByTestId('condition-type'), 'Tags');
    await first.getByTestId('condition-value').fill('vip');
    await first.getByTestId('condition-value').press('Enter');
    await countIs(page, 3);

    // AND[ tag vip, OR[ score ≥ 50 ] ]
    await page.locator('[data-testid="add-group"][data-depth="0"]').click();
    const orGroup = page.locator('[data-testid="group"][data-depth="1"]');
    await expect.poll(() => orGroup.getAttribute('data-op')).toBe('or');
    const score = orGroup.getByTestId('condition').nth(0);
    await expect.poll(() => page.getByTestId('segment-count').getAttribute('data-state')).toBe('incomplete');
    await pick(page, score.getByTestId('condition-field'), 'Score');
    await pick(page, score.getByTestId('condition-op'), 'at least');
    await score.getByTestId('condition-value').fill('50');
    await countIs(page, 1);

    // AND[ tag vip, OR[ score ≥ 50, did note_added ≥ 1 time in the last 30 days ] ]
    await orGroup.locator('[data-testid="add-condition"][data-depth="1"]').click();
    const did = orGroup.getByTestId('condition').nth(1);
    await pick(page, did.getByTestId('condition-type'), 'Did or did not do');
    await did.getByTestId('event-kind').fill('note_added');
    await did.getByTestId('event-kind').press('Escape');
    await did.getByTestId('event-within-days').fill('30');
    await countIs(page, 2);

    // A server error lands on the row that caused it: "gt" on an event property needs a number.
    await did.getByTestId('event-add-property').click();
    await did.getByTestId('event-property-name').fill('noteId');
    await did.getByTestId('event-property-name').press('Escape');
    await pick(page, did.getByTestId('event-property-op'), 'greater than');
    await did.getByTestId('event-property-value').fill('lots');
    await expect.poll(() => page.getByTestId('segment-count').getAttribute('data-state'), { timeout: 15_000 }).toBe('error');
    await expect.poll(() => did.getByTestId('condition-error').innerText()).toContain('give a number');
    await shot(page, 'segments-2-node-error');
    await did.getByLabel('Remove property condition').click();
    await countIs(page, 2);

    // The NOT toggle inverts the group: vip and neither high score nor a recent note → Carol.
    await orGroup.getByTestId('group-not').click();
    await countIs(page, 1);
    await orGroup.getByTestId('group-not').click();
    await countIs(page, 2);
    const preview = await page.getByTestId('segment-preview').innerText();
    expect(preview).toContain('Alice Vip');
    expect(preview).toContain('Bob Vip');
    expect(preview).not.toContain('Carol');

    await page.getByTestId('segment-name').fill('VIP engaged');
    await page.getByTestId('segment-description').fill('VIPs with a high score or a recent note');
    await shot(page, 'segments-1-builder');
    await page.getByTestId('segment-save').click();
    await page.waitForURL(/\/segments\/\d+$/);
    const segmentId = Number(page.url().split('/').pop());
    await countIs(page, 2);
    // The saved tree came back as it was built: the nested OR group and the behavioural row.
    await expect.poll(() => page.locator('[data-testid="group"][data-depth="1"]').getAttribute('data-op')).toBe('or');
    expect(await page.locator('[data-testid="condition"][data-type="event"]').count()).toBe(1);

    // The saved view on the contacts list: exactly the two matching contacts.
    await page.getByTestId('open-as-view').click();
    await page.waitForURL(`**/contacts?segmentId=${segmentId}`);
    await expect.poll(() => page.getByTestId('segment-chip').innerText()).toContain('Segment: VIP engaged');
    const table = page.getByTestId('contacts-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    const listed = await table.innerText();
    expect(listed).toContain('Alice Vip');
    expect(listed).toContain('Bob Vip');
    for (const other of ['Carol', 'Dan', 'Eve']) expect(listed).not.toContain(other);
    expect(await page.getByTestId('export-csv').getAttribute('href')).toContain(`segmentId=${segmentId}`);
    await shot(page, 'segments-3-contacts-view');

    // Dismissing the chip shows everyone again; the Segments select picks the view back.
    await page.getByTestId('segment-chip-clear').click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(5);
    await pick(page, page.getByTestId('segment-view-select'), 'VIP engaged');
    await page.waitForURL(`**/contacts?segmentId=${segmentId}`);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);

    // A segment in use by another cannot be deleted; the list says by whom.
    await api('post', '/segments', { name: 'Uses VIP', kind: 'dynamic', tree: { type: 'segment', segmentId } });
    await page.getByTestId('nav-segments').click();
    await page.waitForURL('**/segments');
    const row = page.getByTestId('segments-table').locator('tbody tr', { hasText: 'VIP engaged' }).first();
    await row.waitFor();
    await row.getByTestId('segment-delete').click();
    await page.getByTestId('segment-delete-confirm').click();
    await expect.poll(() => page.getByTestId('segment-used-by').innerText()).toBe('Uses VIP');
    await page.getByTestId('segment-delete-confirm').waitFor({ state: 'hidden' });
    expect(await row.getByTestId('segment-row-count').innerText()).toBe('2'); // counted when saved
    await shot(page, 'segments-4-list');

    // "Snapshot now" freezes today's members into a static segment, whose conditions are read-only.
    await row.click();
    await page.waitForURL(`**/segments/${segmentId}`);
    await page.getByTestId('segment-snapshot').click();
    await page.waitForURL((url) => /\/segments\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${segmentId}`));
    await expect.poll(() => page.getByTestId('segment-kind').innerText()).toMatch(/static/i);
    await countIs(page, 2);
    expect(await page.getByTestId('condition-type').first().isDisabled()).toBe(true);
    expect(await page.getByTestId('segment-snapshot').count()).toBe(0);

    // On a phone the condition rows stack.
    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${base}/segments/${segmentId}`);
    await countIs(phone.page, 2);
    const [type, field] = await Promise.all([
      phone.page.getByTestId('condition-type').nth(1).boundingBox(),
      phone.page.getByTestId('condition-field').first().boundingBox(),
    ]);
    expect(field!.y).toBeGreaterThan(type!.y + type!.height - 1); // field below type, not beside it
    await shot(phone.page, 'segments-5-phone-builder');
    await phone.page.goto(`${base}/contacts?segmentId=${segmentId}`);
    await phone.page.getByTestId('segment-chip').waitFor();
    await expect.poll(() => phone.page.getByTestId('contacts-table').locator('tbody tr').count()).toBe(2);
    await shot(phone.page, 'segments-6-phone-contacts-view');

    expect(errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  });
});
