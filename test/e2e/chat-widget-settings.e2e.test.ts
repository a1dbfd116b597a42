import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { hasChromium, newPage, setUpOwner, shot, useJourney } from './browser.js';

// Starting a server, Chromium and the web app on a shared 2-core box can take minutes.
vi.setConfig({ hookTimeout: 300_000, testTimeout: 300_000 });
if (!hasChromium) console.warn('Skipping the chat widget settings journey: Chromium is not installed (apt-get install chromium).');

/** Desktop and phone screenshots; shot() fails on any critical or serious axe finding. */
async function shots(page: Page, name: string) {
  for (const [width, height, label] of [[1280, 800, 'desktop'], [390, 844, 'phone']] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await shot(page, `chat-widget-${name}-${label}`);
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

describe.skipIf(!hasChromium)('chat widget settings in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('an admin adds the widget, changes its look, inbox and origins, saves, reloads and copies the snippet', async () => {
    const { page, errors } = await newPage(journey.browser);
    onTestFailed(async () => { await shot(page, 'chat-widget-failure', { enforceA11y: false }); });
    const base = journey.server.url;
    await setUpOwner(page, base);
    for (const [name, address] of [['Shop', 'help@shop.test'], ['Wholesale', 'trade@shop.test']]) {
      expect((await page.request.post(`${base}/api/v1/inboxes`, { data: { name, address, assignment: 'manual' } })).status()).toBe(201);
    }

    await page.getByTestId('nav-chat-widget').click();
    await page.waitForURL('**/settings/chat-widget');
    await page.getByTestId('widget-none').waitFor();
    await page.getByTestId('widget-create').click();
    await page.getByTestId('widget-save').waitFor();
    const key = (await (await page.request.get(`${base}/api/v1/chat-widgets`)).json()).data[0].key as string;

    await page.getByTestId('widget-greeting').fill('Hello! Ask us anything about tea.');
    await page.getByTestId('widget-primary').fill('#5f3dc4');
    await page.getByTestId('widget-position').getByText('Bottom left').click();
    await page.getByTestId('widget-inbox').click();
    await page.getByRole('option', { name: /Wholesale/ }).click();
    // A path is not an origin: the server's message shows beside the field, naming the line.
    await page.getByTestId('widget-origins').fill('https://tea.example\nhttps://tea.example/shop');
    await page.getByTestId('widget-save').click();
    const originsField = page.getByTestId('widget-origins').locator('xpath=ancestor::div[contains(@class,"mantine-InputWrapper-root")]');
    await expect.poll(() => originsField.innerText()).toContain('Line 2 (https://tea.example/shop): must be an origin');
    expect(await page.getByTestId('preview-greeting').innerText()).toBe('Hello! Ask us anything about tea.');
    await shots(page, 'error');

    await page.getByTestId('widget-origins').fill('https://tea.example\nhttp://localhost:8080');
    await page.getByTestId('widget-save').click();
    await expect.poll(() => originsField.innerText()).not.toContain('must be an origin');
    await expect.poll(async () => (await (await page.request.get(`${base}/api/v1/chat-widgets`)).json()).data[0]).toMatchObject({
      greeting: 'Hello! Ask us anything about tea.', colors: { primary: '#5f3dc4' }, position: 'left', allowedOrigins: ['https://tea.example', 'http://localhost:8080'],
    });

    await page.reload();
    await page.getByTestId('widget-save').waitFor();
    expect(await page.getByTestId('widget-greeting').inputValue()).toBe('Hello! Ask us anything about tea.');
    expect(await page.getByTestId('widget-primary').inputValue()).toBe('#5f3dc4');
    expect(await page.getByTestId('widget-origins').inputValue()).toBe('https://tea.example\nhttp://localhost:8080');
    expect(await page.getByTestId('widget-inbox').inputValue()).toContain('Wholesale');
    expect(await page.getByTestId('widget-position').getByRole('radio', { name: 'Bottom left' }).isChecked()).toBe(true);
    const snippet = await page.getByTestId('widget-snippet').innerText();
    expect(snippet).toBe(`<script src="${base}/widget.js" data-widget-key="${key}" async></script>`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.getByTestId('widget-copy').click();
    await page.getByTestId('widget-copy').getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
    await shots(page, 'saved');
    expect(errors).toEqual([]);
  });
});
