import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Picks an option of a Mantine select by its exact label. */
export async function pick(page: Page, input: Locator, option: string) {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Waits until the segment builder's live count has settled on `n` ("ready:3"). */
export async function countIs(page: Page, n: number) {
  const count = page.getByTestId('segment-count');
  await expect.poll(async () => `${await count.getAttribute('data-state')}:${await count.getAttribute('data-count')}`, { timeout: 15_000 }).toBe(`ready:${n}`);
}

/** The JSON API with the page's session cookie; fails the journey on any non-2xx. */
export function apiOf(page: Page, base: string) {
  return async (method: 'post' | 'get', path: string, data?: unknown) => {
    const res = await page.request[method](`${base}/api/v1${path}`, data === undefined ? {} : { data });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
    return res.json();
  };
}
