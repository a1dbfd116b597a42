import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleCollected } from '../../src/modules/collect/collect.routes.js';
import { hasChromium, newPage, setUpOwner, shot, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the tracking journey: Chromium is not installed (apt-get install chromium).');

const freePort = () => new Promise<number>((resolve) => {
  const s = http.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as AddressInfo;
    s.close(() => resolve(port));
  });
});

/** A plain website on another origin (localhost, not 127.0.0.1): two pages and a sign-up form, each with the snippet. */
function startSite(snippetSrc: () => Record<string, string>) {
  const page = (title: string, key: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<script async src="${snippetSrc()[key]}"></script></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
  const form = `<form action="/thanks" method="get"><label>Email <input type="email" name="email" id="email"></label>
<label>First name <input name="first_name" id="first"></label><button type="submit">Sign up</button></form>`;
  const pages = (): Record<string, string> => ({
    '/': page('Home', 'plain', '<a href="/pricing?utm_source=newsletter&utm_campaign=spring" id="to-pricing">Pricing</a>'),
    '/pricing': page('Pricing', 'plain', form),
    '/thanks': page('Thanks', 'plain', '<p>Thank you</p>'),
    '/consent': page('Consent first', 'consent', '<p>We ask before we track.</p>'),
  });
  const server = http.createServer((req, res) => {
    const html = pages()[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? 'not found');
  });
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    resolve({ url: `http://localhost:${port}`, close: () => new Promise((r) => server.close(() => r())) });
  }));
}

describe.skipIf(!hasChromium)('website tracking journey in Chromium', () => {
  let port = 0;
  const journey = useJourney({ beforeAll, afterAll }, async () => {
    port = await freePort();
    return { port, env: { PUBLIC_URL: `http://127.0.0.1:${port}` } };
  });
  const snippets: Record<string, string> = {};
  let site: Awaited<ReturnType<typeof startSite>>;
  beforeAll(async () => {
    site = await startSite(() => snippets);
  });
  afterAll(async () => site?.close());

  const collectRequests = (page: Page) => {
    const sent: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/t/collect')) sent.push(r.postData() ?? ''); });
    return sent;
  };

  it('records anonymous visits, identifies the visitor on sign-up, and shows the earlier visits on the contact; consent mode writes nothing before consent', async () => {
    const base = journey.server.url;
    const { page: admin, errors } = await newPage(journey.browser);
    await setUpOwner(admin, base);
    const key = async (requireConsent: boolean) => {
      const res = await admin.request.post(`${base}/api/v1/tracking-keys`, { data: { name: requireConsent ? 'Consent site' : 'Site', allowedOrigins: [site.url], requireConsent } });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()).snippet.match(/src="([^"]+)"/)[1] as string;
    };
    snippets.plain = await key(false);
    snippets.consent = await key(true);

    // A visitor browses anonymously, then signs up with the form.
    const { page: visitor } = await newPage(journey.browser);
    await visitor.goto(`${site.url}/`);
    await expect.poll(() => visitor.evaluate(() => typeof (window as unknown as { rapport?: unknown }).rapport)).toBe('object');
    await visitor.click('#to-pricing');
    await visitor.waitForURL('**/pricing**');
    await expect.poll(() => visitor.evaluate(() => typeof (window as unknown as { rapport?: unknown }).rapport)).toBe('object');
    await shot(visitor, 'tracking-1-site-pricing', { enforceA11y: true });
    await visitor.fill('#email', 'visitor@example.com');
    await visitor.fill('#first', 'Vera');
    await visitor.click('button[type=submit]');
    await visitor.waitForURL('**/thanks**');

    // The contact exists and its timeline shows the visit from before the sign-up.
    let contactId = 0;
    await expect.poll(async () => {
      await settleCollected(journey.server.ctx);
      const res = await admin.request.get(`${base}/api/v1/contacts?q=visitor@example.com`);
      contactId = (await res.json()).data[0]?.id ?? 0;
      return contactId;
    }, { timeout: 15_000 }).toBeGreaterThan(0);
    await admin.goto(`${base}/contacts/${contactId}`);
    const timeline = admin.getByText(/Visited the website: [23] pages/).first();
    await timeline.waitFor({ timeout: 15_000 });
    expect(await admin.getByText('landed on Home').count()).toBeGreaterThan(0);
    const panel = admin.getByTestId('web-activity');
    await expect.poll(async () => panel.getByTestId('web-session').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await panel.innerText()).toContain('Pricing');
    await shot(admin, 'tracking-2-contact-timeline');

    // Consent mode: no storage and no request until the site calls rapport.consent(true).
    const { page: cautious } = await newPage(journey.browser);
    const early = collectRequests(cautious);
    await cautious.goto(`${site.url}/consent`);
    await expect.poll(() => cautious.evaluate(() => typeof (window as unknown as { rapport?: unknown }).rapport)).toBe('object');
    await cautious.evaluate(() => (window as unknown as { rapport: { track: (n: string) => void } }).rapport.track('Read article'));
    await cautious.waitForTimeout(4000); // past the snippet's 3-second flush
    const storage = async () => ({ local: await cautious.evaluate(() => Object.keys(localStorage)), cookies: await cautious.context().cookies() });
    expect(await storage()).toEqual({ local: [], cookies: [] });
    expect(early).toEqual([]);
    const storedFromConsentPage = async () => {
      await settleCollected(journey.server.ctx);
      return (await journey.server.ctx.db.selectFrom('web_events').select('name').where('url', 'like', '%/consent').execute()).map((e) => e.name).sort();
    };
    expect(await storedFromConsentPage()).toEqual([]);
    await shot(cautious, 'tracking-3-consent-before', { enforceA11y: true });
    await cautious.evaluate(() => (window as unknown as { rapport: { consent: (y: boolean) => void } }).rapport.consent(true));
    await expect.poll(() => early.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await storage()).local.sort()).toEqual(['rapport_aid', 'rapport_sat', 'rapport_sid']);
    await expect.poll(storedFromConsentPage, { timeout: 10_000 }).toEqual(['Read article', 'page_view']);
    expect(errors).toEqual([]);
  }, 240_000);
});
