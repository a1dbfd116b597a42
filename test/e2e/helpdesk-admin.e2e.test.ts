import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { csatToken } from '../../src/modules/csat/csat-token.js';
import { hasChromium, newPage, setUpOwner, shot, useJourney } from './browser.js';

// Starting a server, Chromium and the web app on a shared 2-core box can take minutes.
vi.setConfig({ hookTimeout: 300_000, testTimeout: 300_000 });

/** Desktop and phone screenshots; axe-core on the screen's own content (<main>) must find nothing critical or serious. */
async function shots(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [width, height, label] of [[1280, 800, 'desktop'], [390, 844, 'phone']] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.waitForTimeout(300);
    await shot(page, `helpdesk-${name}-${label}`);
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

describe.skipIf(!hasChromium)('help desk settings and support reports in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });

  it('an admin sets business hours, an SLA policy and a canned reply, reads the support report, and a customer rates a ticket', async () => {
    const { page, errors } = await newPage(journey.browser);
    onTestFailed(async () => { await shot(page, 'helpdesk-failure'); });
    const { url: base, ctx } = journey.server;
    await setUpOwner(page, base);

    await page.getByTestId('nav-business-hours').click();
    await page.getByTestId('hours-name').fill('Berlin office');
    await page.getByTestId('hours-zone').fill('Europe/Berlin');
    await page.getByTestId('hours-holidays').fill('2026-12-24, 2026-12-25');
    await page.getByTestId('hours-submit').click();
    await expect.poll(() => page.getByTestId('hours-list').innerText()).toContain('Berlin office');
    expect(await page.getByTestId('hours-list').innerText()).toContain('Mon 09:00–17:00');
    await shots(page, 'business-hours');

    await page.getByTestId('nav-sla-policies').click();
    await page.getByTestId('sla-name').fill('Urgent tickets');
    await page.getByTestId('sla-priority').click();
    await page.getByRole('option', { name: 'urgent' }).click();
    await page.getByTestId('sla-hours').click();
    await page.getByRole('option', { name: 'Berlin office' }).click();
    await page.getByTestId('sla-submit').click();
    await expect.poll(() => page.getByTestId('sla-list').innerText()).toContain('Urgent tickets');
    expect(await page.getByTestId('sla-list').innerText()).toContain('Berlin office');
    await shots(page, 'sla-policies');

    await page.getByTestId('nav-canned-replies').click();
    await page.getByTestId('canned-name').fill('Thanks for waiting');
    await page.getByTestId('canned-shared').check();
    await page.getByTestId('canned-submit').click();
    await expect.poll(() => page.getByTestId('canned-list').innerText()).toContain('Thanks for waiting');
    await shots(page, 'canned-replies');

    // Tickets of the last days: two answered and solved (one rated), one still open.
    const ws = Number((await ctx.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id);
    const owner = Number((await ctx.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id);
    const ago = (h: number) => new Date(Date.now() - h * 3_600_000);
    const tickets = await ctx.db.insertInto('tickets').values([
      { workspace_id: ws, subject: 'Login fails', channel: 'email', assignee_id: owner, status: 'solved', created_at: ago(50), first_responded_at: ago(49), solved_at: ago(30), first_response_due_at: ago(48), csat_requested_at: ago(30), csat_score: 5 },
      { workspace_id: ws, subject: 'Invoice', channel: 'web', assignee_id: owner, status: 'solved', created_at: ago(26), first_responded_at: ago(24), solved_at: ago(3), first_response_due_at: ago(25), csat_requested_at: ago(3) },
      { workspace_id: ws, subject: 'Export', channel: 'chat', status: 'open', created_at: ago(5) },
    ]).returning('id').execute();

    await page.getByTestId('nav-support-reports').click();
    await expect.poll(() => page.getByTestId('stat-tickets').innerText()).toBe('3');
    expect(await page.getByTestId('stat-sla').innerText()).toBe('50 %');
    expect(await page.getByTestId('stat-csat').innerText()).toBe('5 / 5');
    expect(await page.getByTestId('support-agents').innerText()).toContain('Ada Lovelace');
    await page.getByTestId('chart-backlog').locator('svg').waitFor();
    await shots(page, 'support-reports');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('support-csv').click()]);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(csv.replace(/^\uFEFF/, '').split('\n')[1]).toMatch(/^all,3,1,1,1,0,0,/);

    // The customer of the solved, unrated ticket clicks a score in the survey email, then comments.
    const token = csatToken(ctx.secret, { ticketId: tickets[1]!.id, score: 4, issuedAt: new Date() });
    await page.goto(`${base}/csat/${token}`);
    expect(await page.getByRole('status').innerText()).toContain('4 of 5');
    await page.getByLabel('Anything you would like to tell us? (optional)').fill('Quick and kind.');
    await page.getByRole('button', { name: 'Send comment' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Thank you for your comment');
    await shot(page, 'helpdesk-csat-thanks', { enforceA11y: true });
    const rated = await ctx.db.selectFrom('tickets').select(['csat_score', 'csat_comment']).where('id', '=', tickets[1]!.id).executeTakeFirstOrThrow();
    expect(rated).toEqual({ csat_score: 4, csat_comment: 'Quick and kind.' });
    await page.goto(`${base}/csat/${token.slice(0, -2)}xx`);
    expect(await page.locator('h1').innerText()).toBe('Sorry');
    await shot(page, 'helpdesk-csat-invalid', { enforceA11y: true });
    expect(errors).toEqual([]);
  });
});
