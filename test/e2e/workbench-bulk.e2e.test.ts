import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the bulk actions journey: Chromium is not installed (apt-get install chromium).');

const PEOPLE = [['Grace', 'Hopper'], ['Alan', 'Turing'], ['Edsger', 'Dijkstra'], ['Barbara', 'Liskov'], ['Donald', 'Knuth']];
/** Above the 500 contacts an operation runs in the request, so the tag below runs as a background job. */
const MANY = 620;

async function pick(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Ticks the rows of these people, found by name: rows reorder as they are updated. */
async function selectPeople(page: Page, names: string[]) {
  for (const name of names) await page.getByTestId('contacts-table').locator('tr', { hasText: name }).getByTestId('select-row').click();
  await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe(`${names.length} selected`);
}

/** Runs the chosen action from its modal and waits for the modal to close (the operation was accepted). */
async function apply(page: Page) {
  await page.getByTestId('bulk-run').click();
  await page.getByTestId('bulk-run').waitFor({ state: 'detached', timeout: 30_000 });
}

describe.skipIf(!hasChromium)('Bulk actions on contacts in Chromium, checked in the database', () => {
  const journey = useJourney({ beforeAll, afterAll });
  const state = {} as { page: Page; errors: string[]; ws: number; ids: Record<string, number> };
  const db = () => journey.server.ctx.db;

  beforeAll(async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    const ids: Record<string, number> = {};
    for (const [firstName, lastName] of PEOPLE) {
      const res = await page.request.post(`${base}/api/v1/contacts`, { data: { firstName, lastName, email: `${firstName.toLowerCase()}@example.com` } });
      expect(res.ok(), await res.text()).toBe(true);
      ids[firstName] = (await res.json()).id;
    }
    const ws = (await db().selectFrom('contacts').select('workspace_id').where('id', '=', ids.Grace).executeTakeFirstOrThrow()).workspace_id;
    Object.assign(state, { page, errors, ws, ids });
  }, 120_000);

  const idsOf = (...names: string[]) => names.map((n) => state.ids[n]).sort((a, b) => a - b);

  it('assigns an owner, adds to and removes from a list, adds to a static segment and exports picked rows', async () => {
    const { page, errors, ws } = state;
    const base = journey.server.url;
    const ada = await db().selectFrom('users').select('id').where('email', '=', 'ada@example.com').executeTakeFirstOrThrow();
    const list = await (await page.request.post(`${base}/api/v1/lists`, { data: { name: 'Newsletter', purpose: 'marketing' } })).json();
    const segment = await (await page.request.post(`${base}/api/v1/segments`, {
      data: { name: 'Hand-picked', kind: 'static', version: 1, tree: { type: 'tags', op: 'hasAny', tags: ['nobody-has-this'] } },
    })).json();
    expect(segment.id).toBeGreaterThan(0);
    await page.goto(`${base}/contacts`);
    await expect.poll(() => page.getByTestId('contacts-count').textContent(), { timeout: 15_000 }).toBe('5 contacts');

    // Assign an owner to two picked rows.
    await selectPeople(page, ['Grace Hopper', 'Alan Turing']);
    await pick(page, 'bulk-action', 'Assign owner');
    await pick(page, 'bulk-owner', 'Ada Lovelace');
    await shot(page, 'wbbulk-1-assign-owner-desktop');
    await apply(page);
    const owned = () => db().selectFrom('contacts').select('id').where('workspace_id', '=', ws).where('owner_id', '=', ada.id).orderBy('id').execute();
    await expect.poll(async () => (await owned()).map((r) => r.id), { timeout: 15_000 }).toEqual(idsOf('Grace', 'Alan'));

    // Add to a marketing list: its consent rules ask for a proof first.
    await selectPeople(page, ['Edsger Dijkstra', 'Barbara Liskov']);
    await pick(page, 'bulk-action', 'Add to list');
    await pick(page, 'bulk-list', 'Newsletter');
    await page.getByTestId('consent-proof').fill('Signed the paper sheet at the Lyon fair, 3 Nov 2026');
    await shot(page, 'wbbulk-2-add-to-list-desktop');
    await apply(page);
    const members = (status: 'subscribed' | 'unsubscribed') => db().selectFrom('list_members').select('contact_id')
      .where('workspace_id', '=', ws).where('list_id', '=', list.id).where('status', '=', status).orderBy('contact_id').execute();
    await expect.poll(async () => (await members('subscribed')).map((r) => r.contact_id), { timeout: 15_000 }).toEqual(idsOf('Edsger', 'Barbara'));

    // ... and remove one of them again.
    await selectPeople(page, ['Barbara Liskov']);
    await pick(page, 'bulk-action', 'Remove from list');
    await pick(page, 'bulk-list', 'Newsletter');
    await apply(page);
    await expect.poll(async () => (await members('unsubscribed')).map((r) => r.contact_id), { timeout: 15_000 }).toEqual(idsOf('Barbara'));
    expect((await members('subscribed')).map((r) => r.contact_id)).toEqual(idsOf('Edsger'));

    // Add to a static segment.
    await selectPeople(page, ['Donald Knuth', 'Grace Hopper']);
    await pick(page, 'bulk-action', 'Add to static segment');
    await pick(page, 'bulk-segment', 'Hand-picked');
    await apply(page);
    const segMembers = () => db().selectFrom('segment_members').select('contact_id').where('workspace_id', '=', ws).where('segment_id', '=', segment.id).orderBy('contact_id').execute();
    await expect.poll(async () => (await segMembers()).map((r) => r.contact_id), { timeout: 15_000 }).toEqual(idsOf('Grace', 'Donald'));

    // Export: a CSV of exactly the selected rows is downloaded.
    await selectPeople(page, ['Alan Turing', 'Barbara Liskov']);
    await pick(page, 'bulk-action', 'Export CSV');
    await apply(page);
    await page.getByTestId('bulk-export-ready').waitFor({ timeout: 30_000 });
    await shot(page, 'wbbulk-3-export-desktop');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-export-ready').getByRole('link', { name: /Download CSV/ }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('alan@example.com');
    expect(csv).toContain('barbara@example.com');
    for (const other of ['grace', 'edsger', 'donald']) expect(csv).not.toContain(`${other}@example.com`);
    expect(csv.trim().split('\n')).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  it(`selects everything matching a filter and tags ${MANY} contacts as a background job with progress, at desktop and phone width`, async () => {
    const { page, errors, ws } = state;
    const base = journey.server.url;
    // Seeded straight into the database: the API would take minutes for this many on a loaded machine.
    await db().insertInto('contacts').values(Array.from({ length: MANY }, (_, i) => ({
      workspace_id: ws, first_name: `Bulk${i}`, last_name: 'Zephyrine', email: `bulk${i}@example.com`, email_normalized: `bulk${i}@example.com`,
    }))).execute();
    const tagged = (tag: string) => db().selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws).where(sql<boolean>`${tag} = any(tags)`).executeTakeFirstOrThrow().then((r) => Number(r.n));

    await page.goto(`${base}/contacts`);
    await page.getByTestId('contacts-search').fill('Zephyrine');
    await expect.poll(() => page.getByTestId('contacts-count').textContent(), { timeout: 30_000 }).toBe(`${MANY} contacts`);
    await page.getByTestId('select-page').click();
    await page.getByTestId('select-all-matching').click();
    await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe(`${MANY} selected`);
    await pick(page, 'bulk-action', 'Add tags');
    await page.getByTestId('bulk-tags').fill('wave');
    await page.getByTestId('bulk-tags').press('Enter');
    await apply(page);
    // Progress shows while the job runs (it may already be over); the outcome stays until dismissed.
    await page.locator('[data-testid="bulk-progress"], [data-testid="bulk-done"]').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('bulk-done').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('bulk-done').textContent()).toContain(`${MANY} of ${MANY} contacts changed`);
    await shot(page, 'wbbulk-4-background-done-desktop');
    expect(await tagged('wave')).toBe(MANY);
    // The filter held: none of the five others were touched.
    const others = await db().selectFrom('contacts').select('tags').where('id', 'in', Object.values(state.ids)).execute();
    expect(others.every((c) => !c.tags.includes('wave'))).toBe(true);
    const op = await db().selectFrom('bulk_operations').select(['status', 'total', 'processed']).where('workspace_id', '=', ws).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(op).toEqual({ status: 'done', total: MANY, processed: MANY });
    expect(errors).toEqual([]);

    // Phone width: the same, untagging, with the bar and the outcome in view.
    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${base}/contacts`);
    await phone.page.getByTestId('contacts-search').fill('Zephyrine');
    await expect.poll(() => phone.page.getByTestId('contacts-count').textContent(), { timeout: 30_000 }).toBe(`${MANY} contacts`);
    await phone.page.getByTestId('select-row').first().click();
    await phone.page.getByTestId('select-all-matching').click();
    await expect.poll(() => phone.page.getByTestId('bulk-count').textContent()).toBe(`${MANY} selected`);
    await shot(phone.page, 'wbbulk-5-all-matching-phone');
    await pick(phone.page, 'bulk-action', 'Remove tags');
    await phone.page.getByTestId('bulk-tags').fill('wave');
    await phone.page.getByTestId('bulk-tags').press('Enter');
    await shot(phone.page, 'wbbulk-6-untag-phone');
    await apply(phone.page);
    await phone.page.getByTestId('bulk-done').waitFor({ timeout: 120_000 });
    await shot(phone.page, 'wbbulk-7-background-done-phone');
    expect(await tagged('wave')).toBe(0);
    expect(phone.errors).toEqual([]);
  });
});
