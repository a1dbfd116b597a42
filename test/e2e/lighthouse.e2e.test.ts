import lighthouse from 'lighthouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, newPage, setUpOwner, startServer } from './browser.js';
import { chromium, type Browser } from 'playwright-core';

if (!hasChromium) console.warn('Skipping the Lighthouse audit: Chromium is not installed (apt-get install chromium).');

// Lighthouse drives the browser through its DevTools port, so this browser is launched with one.
const PORT = 9400 + Math.floor(Math.random() * 500);

describe.skipIf(!hasChromium)('Lighthouse accessibility of the contacts list', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--remote-debugging-port=${PORT}`],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('scores at least 0.95, naming every failed audit', async () => {
    const { page } = await newPage(browser);
    await setUpOwner(page, server.url);
    for (const [first, last] of [['Ada', 'Lovelace'], ['Grace', 'Hopper'], ['Alan', 'Turing']]) {
      const res = await page.request.post(`${server.url}/api/v1/contacts`, { data: { firstName: first, lastName: last, email: `${first.toLowerCase()}@example.com`, tags: ['vip'] } });
      expect(res.ok()).toBe(true);
    }
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const result = await lighthouse(`${server.url}/contacts`, {
      port: PORT, output: 'json', logLevel: 'error', onlyCategories: ['accessibility'],
      extraHeaders: { Cookie: cookie }, formFactor: 'desktop', screenEmulation: { disabled: true },
    });
    const lhr = result!.lhr;
    const failed = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map((a) => `${a.id}: ${a.title}`);
    expect(lhr.finalDisplayedUrl).toMatch(/\/contacts$/); // the list itself, not the login page
    expect(lhr.categories.accessibility.score, failed.join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
