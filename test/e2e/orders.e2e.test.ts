import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiOf, countIs, pick } from './builder.js';
import { hasChromium, newPage, setUpOwner, shot, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the orders journey: Chromium is not installed (apt-get install chromium).');

/** axe-core's critical and serious findings inside one element (the rest of the page is other areas'). */
async function violationsIn(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (ctx: Element, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const res = await axe.run(document.querySelector(sel)!, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return res.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}

describe.skipIf(!hasChromium)('orders journey in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('shows a contact’s orders with their lines and lifetime spend, the orders list, and order conditions in the segment builder', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    const api = apiOf(page, base);
    await api('post', '/products', { sku: 'MUG-1', name: 'Enamel mug', category: 'Kitchen', price: 12.5, currency: 'EUR' });
    const first = await api('post', '/orders', {
      externalId: '1001', customer: { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' }, status: 'fulfilled', placedAt: '2026-10-02T09:00:00Z', currency: 'EUR',
      lines: [{ sku: 'MUG-1', quantity: 2 }, { name: 'Gift wrap', quantity: 1, unitPrice: 3 }], shipping: 4.9,
    });
    await api('post', '/orders', {
      externalId: '1002', customer: { email: 'grace@example.com' }, status: 'partially_refunded', placedAt: '2026-11-12T15:30:00Z', currency: 'EUR',
      lines: [{ sku: 'MUG-1', quantity: 4 }], refunded: 12.5,
    });
    await api('post', '/orders', { externalId: '1003', customer: { email: 'grace@example.com' }, status: 'cancelled', placedAt: '2026-11-20T10:00:00Z', currency: 'EUR', lines: [{ sku: 'MUG-1', quantity: 1 }] });

    await page.goto(`${base}/contacts/${first.contactId}`);
    const panel = page.getByTestId('contact-orders');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('lifetime-spend').innerText()).toMatch(/Lifetime spend\s+€?\s*70[.,]40/);
    expect(await panel.getByTestId('order').count()).toBe(3);
    expect(await panel.innerText()).toContain('2 orders');
    const card = panel.getByTestId('order').filter({ hasText: 'Order 1001' });
    await card.getByRole('button', { name: /Order 1001/ }).click();
    const lines = card.getByTestId('order-lines');
    await lines.waitFor({ state: 'visible' });
    expect(await lines.innerText()).toContain('Enamel mug');
    expect(await lines.innerText()).toContain('not in the catalogue');
    const timeline = page.getByTestId('timeline');
    await expect.poll(() => timeline.innerText()).toContain('Placed an order of');
    await shot(page, 'orders-1-contact-page');
    expect(await violationsIn(page, '[data-testid="contact-orders"]')).toEqual([]);

    await page.goto(`${base}/orders`);
    await page.getByTestId('order').first().waitFor();
    expect(await page.getByTestId('order').count()).toBe(3);
    await page.locator('.mantine-SegmentedControl-label', { hasText: /^Cancelled$/ }).click();
    await expect.poll(() => page.getByTestId('order').count()).toBe(1);
    await shot(page, 'orders-2-list');
    expect(await violationsIn(page, 'main')).toEqual([]);

    // The segment builder: "total spend at least 50 EUR" counts Grace (70.40 net), "at least 3 orders" nobody (the third was cancelled).
    await api('post', '/contacts', { firstName: 'No', lastName: 'Orders' });
    await page.goto(`${base}/segments/new`);
    await page.locator('[data-testid="add-condition"][data-depth="0"]').click();
    const cond = page.getByTestId('condition').nth(0);
    await pick(page, cond.getByTestId('condition-type'), 'Orders');
    await countIs(page, 1);
    await cond.getByTestId('order-value').fill('3');
    await countIs(page, 0);
    await pick(page, cond.getByTestId('order-what'), 'Total spend');
    await cond.getByTestId('order-value').fill('50');
    await countIs(page, 1);
    await shot(page, 'orders-3-segment-builder');
    expect(await violationsIn(page, '[data-testid="condition"]')).toEqual([]);
    expect(errors).toEqual([]);
  });
});
