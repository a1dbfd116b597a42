import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { shots } from './audience-fixtures.js';
import { accessibilityViolations } from './browser.js';

/**
 * Desktop and phone screenshots, then axe-core on the screen's own content (<main>), which must
 * have no critical or serious violation: the shared header and navbar still carry Mantine-level
 * findings every screen inherits (listed by shot() in a11y-report.md).
 */
export async function shotsOfScreen(page: Page, name: string, ready?: () => Promise<unknown>) {
  await shots(page, name, { ready });
  await accessibilityViolations(page); // loads axe-core into the page
  const own = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const res = await axe.run({ include: [['main']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return res.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(own, name).toEqual([]);
}
