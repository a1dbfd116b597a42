import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, countIs, pick } from './builder.js';
import { hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the segments journey: Chromium is not installed (apt-get install chromium).');

/** Opens a Mantine select and clicks the option with this exact label. */
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
  }, 240_000); // a shared 2-CPU box under load: every step waits for a debounced live count

  it('builds website, tracked-event and order conditions with their inputs and a live count', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await page.goto(`${base}/`);
    await page.waitForURL('**/login');
    await page.getByTestId('login-email').fill('ada@example.com');
    await page.getByTestId('login-password').fill('password123');
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/contacts');
    const api = apiOf(page, base);

    // Wendy read the pricing page three times, put a 450 mug in the cart and bought for 60 EUR;
    // Frank read it once and put a 20 mug in the cart; Oscar only bought, for 25 EUR.
    const view = (email: string, i: number) => ({ eventId: `${email}-pv-${i}`, type: 'page', url: 'https://shop.example/pricing', email });
    await api('post', '/events', { events: [
      ...[1, 2, 3].map((i) => view('wendy@example.com', i)), view('frank@example.com', 1),
      { eventId: 'w-cart', type: 'track', name: 'Added to Cart', email: 'wendy@example.com', properties: { value: 450, sku: 'MUG-1' } },
      { eventId: 'f-cart', type: 'track', name: 'Added to Cart', email: 'frank@example.com', properties: { value: 20, sku: 'MUG-1' } },
    ] });
    await api('post', '/products', { sku: 'MUG-1', name: 'Enamel mug', category: 'Kitchen', price: 30, currency: 'EUR' });
    const placedAt = new Date(Date.now() - 5 * 86_400_000).toISOString();
    await api('post', '/orders', { externalId: 'w1', customer: { email: 'wendy@example.com' }, status: 'paid', placedAt, currency: 'EUR', lines: [{ sku: 'MUG-1', quantity: 2 }] });
    await api('post', '/orders', { externalId: 'o1', customer: { email: 'oscar@example.com' }, status: 'paid', placedAt, currency: 'EUR', lines: [{ name: 'Tea', category: 'Tea', quantity: 1, unitPrice: 25 }] });

    await page.goto(`${base}/segments/new`);
    await countIs(page, 8); // the first journey's five, and three from the events and orders

    // Visited /pricing* at least once in the last 30 days: Wendy and Frank; three times: Wendy.
    await page.locator('[data-testid="add-condition"][data-depth="0"]').click();
    const visited = page.getByTestId('condition').nth(0);
    await pick(page, visited.getByTestId('condition-type'), 'Visited a page');
    await expect.poll(() => page.getByTestId('segment-count').getAttribute('data-state')).toBe('incomplete');
    await visited.getByTestId('visited-pattern').fill('/pricing*');
    await countIs(page, 2);
    await visited.getByTestId('event-min-count').fill('3');
    await countIs(page, 1);
    await visited.getByTestId('event-min-count').fill('1');
    await countIs(page, 2);

    // AND spent at least 50 EUR: Wendy.
    await page.locator('[data-testid="add-condition"][data-depth="0"]').click();
    const spend = page.getByTestId('condition').nth(1);
    await pick(page, spend.getByTestId('condition-type'), 'Orders');
    await pick(page, spend.getByTestId('order-what'), 'Total spend');
    await spend.getByTestId('order-value').fill('50');
    await spend.getByTestId('order-days').fill('30');
    await countIs(page, 1);

    // …OR rather bought a Kitchen product (Wendy): the category is offered from the products.
    await pick(page, spend.getByTestId('order-what'), 'Bought');
    await pick(page, spend.getByTestId('order-category'), 'Kitchen');
    await countIs(page, 1);
    // …or the product itself, found by its name.
    await pick(page, spend.getByTestId('order-bought-by'), 'the product');
    await spend.getByTestId('order-sku').fill('mug');
    await page.getByRole('option', { name: /^MUG-1/ }).click();
    await countIs(page, 1);

    // A tracked event picked from the names the workspace received, with a property condition.
    await page.locator('[data-testid="add-condition"][data-depth="0"]').click();
    const tracked = page.getByTestId('condition').nth(2);
    await pick(page, tracked.getByTestId('condition-type'), 'Tracked event');
    await pick(page, tracked.getByTestId('tracked-name'), 'Added to Cart');
    await countIs(page, 1);
    await tracked.getByTestId('event-add-property').click();
    await pick(page, tracked.getByTestId('event-property-name'), 'value');
    await pick(page, tracked.getByTestId('event-property-op'), 'greater than');
    // The server's message shows beside the input it is about.
    await tracked.getByTestId('event-property-value').fill('lots');
    await expect.poll(() => page.getByTestId('segment-count').getAttribute('data-state'), { timeout: 15_000 }).toBe('error');
    await expect.poll(() => tracked.getByTestId('event-property').getByTestId('condition-error').innerText()).toContain('give a number');
    await shot(page, 'segments-7-web-field-error');
    await tracked.getByTestId('event-property-value').fill('400');
    await countIs(page, 1);
    expect(await page.getByTestId('segment-preview').innerText()).toContain('wendy@example.com');

    await page.getByTestId('segment-name').fill('Pricing readers who buy');
    await shot(page, 'segments-8-web-order-builder');
    await page.getByTestId('segment-save').click();
    await page.waitForURL(/\/segments\/\d+$/);
    const segmentId = Number(page.url().split('/').pop());
    await countIs(page, 1);
    expect(await page.locator('[data-testid="condition"][data-type="visited"]').count()).toBe(1);
    expect(await page.locator('[data-testid="condition"][data-type="tracked"]').count()).toBe(1);

    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${base}/segments/${segmentId}`);
    await countIs(phone.page, 1);
    await shot(phone.page, 'segments-9-phone-web-order-builder');

    expect(errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  }, 240_000); // a shared 2-CPU box under load: every step waits for a debounced live count
});
