import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the offline journey: Chromium is not installed (apt-get install chromium).');

describe.skipIf(!hasChromium)('installable app that reads offline, in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('reads a contact opened earlier with no network, keeps a note written offline and sends it when back, and shows a refused one', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    const db = journey.server.ctx.db;
    await setUpOwner(page, base);
    const api = async (method: 'post' | 'get' | 'delete', path: string, data?: unknown) => {
      const res = await page.request[method](`${base}/api/v1${path}`, data === undefined ? {} : { data });
      expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
      return res.status() === 204 ? null : res.json();
    };
    const grace = await api('post', '/contacts', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example', jobTitle: 'Rear admiral' });
    const alan = await api('post', '/contacts', { firstName: 'Alan', lastName: 'Turing', email: 'alan@bletchley.example' });

    // Installable: a manifest with icons, and a service worker that controls the page.
    const manifest = await (await page.request.get(`${base}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ name: 'Rapport', display: 'standalone', start_url: '/' });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(['192x192', '512x512']);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    // Open both contacts while online: that is what the device keeps.
    for (const c of [alan, grace]) {
      await page.goto(`${base}/contacts/${c.id}`);
      await expect.poll(() => page.getByLabel('Email', { exact: true }).inputValue()).toBe(c.email);
      await page.getByTestId('notes-panel').waitFor();
    }

    // No network: a reload still shows Grace, under a banner that says so.
    await page.context().setOffline(true);
    await page.reload();
    await page.getByTestId('offline-banner').getByText('You are offline').waitFor();
    await page.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('grace@navy.example');
    expect(await page.getByLabel('Job title', { exact: true }).inputValue()).toBe('Rear admiral');
    await page.getByTestId('note-body').fill('Called from the train: she wants the COBOL manual.');
    await page.getByTestId('note-submit').click();
    await page.getByTestId('note-waiting').getByText('Waiting to sync').waitFor();
    expect(await page.getByTestId('offline-banner').innerText()).toContain('1 change will be sent');
    const notesOf = async (contactId: number) => (await sql<{ body: string }>`select body from notes where contact_id = ${contactId}`.execute(db)).rows.map((r) => r.body);
    expect(await notesOf(grace.id)).toEqual([]);
    await shot(page, 'offline-1-contact-read-offline');

    // Back online: the note is sent once and shows as saved.
    await page.context().setOffline(false);
    await page.getByTestId('note').getByText('she wants the COBOL manual').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('note-waiting').count()).toBe(0);
    expect(await notesOf(grace.id)).toEqual(['Called from the train: she wants the COBOL manual.']);

    // A note on Alan written offline, while someone else deletes Alan: on replay the server refuses
    // it, and the app says so with the text kept, until the person discards it.
    await page.goto(`${base}/contacts/${alan.id}`);
    await page.getByTestId('notes-panel').waitFor();
    await page.context().setOffline(true);
    await page.getByTestId('note-body').fill('Ask about the bombe schedule.');
    await page.getByTestId('note-submit').click();
    await page.getByTestId('note-waiting').waitFor();
    await api('delete', `/contacts/${alan.id}`);
    await page.context().setOffline(false);
    const conflict = page.getByTestId('outbox-conflict');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.innerText()).toContain('Ask about the bombe schedule.');
    await shot(page, 'offline-2-conflict');
    await conflict.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => conflict.count()).toBe(0);
    expect(await notesOf(alan.id)).toEqual([]);

    // A note whose answer is lost on the way back (the server wrote it, the phone saw a network
    // error): the outbox sends it again with the same Idempotency-Key and the server answers from
    // the answer it kept, so Grace has it once. Service workers are blocked in this context, so
    // the route below sees the page's own request.
    const lossy = await journey.browser.newContext({ serviceWorkers: 'block', viewport: { width: 390, height: 844 } });
    await lossy.addCookies(await page.context().cookies());
    const phone = await lossy.newPage();
    let lost = 0;
    await phone.route('**/api/v1/contacts/*/notes', async (route) => {
      if (route.request().method() !== 'POST' || lost++ > 0) return route.continue();
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await phone.goto(`${base}/contacts/${grace.id}`);
    await phone.getByTestId('notes-panel').waitFor();
    await phone.getByTestId('note-body').fill('Signal dropped as I hit save.');
    await phone.getByTestId('note-submit').click();
    await phone.getByTestId('note').getByText('Signal dropped as I hit save.').waitFor({ timeout: 15_000 });
    await expect.poll(() => phone.getByTestId('note-waiting').count()).toBe(0);
    expect(lost).toBeGreaterThanOrEqual(2);
    expect((await notesOf(grace.id)).filter((b) => b.startsWith('Signal dropped'))).toHaveLength(1);
    await lossy.close();
    expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });
});
