import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/config.js';
import { closeContext, createContext } from '../../src/boot.js';
import { buildApp } from '../../src/http/app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SHOTS = 'test-results/e2e';

/**
 * A real server (API + built web app + workers) on a free port. Always on a fresh in-memory
 * PGlite: the journey starts at first-run setup, which needs an empty installation; the SQL
 * paths themselves are proven on both engines by the other tests.
 */
export async function startServer(opts: { env?: Record<string, string>; port?: number } = {}) {
  if (!existsSync('web/dist/index.html')) throw new Error('The web app is not built: run `npm test` (it builds it) or `npm run build:web` first');
  const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', SECRET_KEY: 'e2e-secret-key-of-at-least-thirty-two-chars', ...opts.env });
  const ctx = await createContext(config, { workers: true });
  const app = await buildApp(ctx, { serveWeb: true });
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, ctx, close: async () => { await app.close(); await closeContext(ctx); } };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

export async function newPage(browser: Browser, width = 1280): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: width > 500 ? 860 : 844 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Every journey asserts `errors` is empty, so each also proves the pages it drives break no
  // rule of the Content-Security-Policy (Chromium reports each refusal as a console error).
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
  });
  return { page, errors };
}

/**
 * A screenshot of the step, and an axe-core check of the same page: any critical or serious
 * violation fails the journey, so every screen a journey shows is held to WCAG 2.1 AA.
 * `enforceA11y: false` lists them in test-results/e2e/a11y-report.md instead (for a tour that
 * collects every finding before it fails).
 */
export async function shot(page: Page, name: string, options: { enforceA11y?: boolean } = {}) {
  await settleAnimations(page);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const violations = await accessibilityViolations(page);
  if (!violations.length) return;
  if (options.enforceA11y !== false) throw new Error(`Accessibility (${name}): ${violations.length} critical or serious violation(s)\n${violations.join('\n')}`);
  appendFileSync(`${SHOTS}/a11y-report.md`, `## ${name}\n${violations.map((v) => `- ${v}`).join('\n')}\n`);
}

/**
 * Waits (up to 2 s) for the page's finite CSS transitions and animations to end. A modal or menu
 * caught mid fade-in has text at a few percent opacity, which axe rightly reports as unreadable
 * (a CI run failed on a "Save this view" modal at 1.03:1); spinners loop forever and are skipped.
 */
export async function settleAnimations(page: Page) {
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => undefined))), new Promise((r) => setTimeout(r, 2000))]);
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is and returns its critical and serious
 * violations, naming the rule and the elements. Evaluated through the DevTools protocol, so the
 * page's own CSP (no inline script) neither blocks it nor reports it.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Check = { message: string };
    type Node = { target: string[]; html: string; any: Check[]; all: Check[]; none: Check[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: Node[] }[] }> } }).axe;
    const res = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    // The first node's reason ("contrast of 3.28 (#fa5252 on #ffffff)…") and markup say what to change.
    const why = (n: Node) => `${[...n.any, ...n.all, ...n.none].map((c) => c.message).find(Boolean)?.slice(0, 160) ?? ''}; ${n.html.slice(0, 200)}`;
    return res.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')} (${why(v.nodes[0])})`);
  });
}

/** First-run setup through the setup page, as a new owner would do it; ends on the contacts list. */
export async function setUpOwner(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL('**/setup');
  await page.getByTestId('setup-workspace').fill('Acme Inc.');
  await page.getByTestId('setup-name').fill('Ada Lovelace');
  await page.getByTestId('setup-email').fill('ada@example.com');
  await page.getByTestId('setup-password').fill('password123');
  await page.getByTestId('setup-submit').click();
  await page.waitForURL('**/contacts');
}

/** A server and a browser for one journey file, closed after it; `server` gives extra settings, asked for once the file's own fixtures are up. */
export function useJourney(
  hooks: { beforeAll: (fn: () => Promise<void>) => void; afterAll: (fn: () => Promise<void>) => void },
  server?: () => Promise<Parameters<typeof startServer>[0]>,
) {
  const journey = {} as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser };
  hooks.beforeAll(async () => {
    journey.server = await startServer(await server?.());
    journey.browser = await launchBrowser();
  });
  hooks.afterAll(async () => {
    await journey.browser?.close();
    await journey.server?.close();
  });
  return journey;
}

/** POSTs to the API as the page's signed-in user, failing the journey (with the server's answer) unless it succeeds. */
export function postApi(page: Page, base: string) {
  return async (path: string, data: unknown) => {
    const res = await page.request.post(`${base}/api/v1${path}`, { data });
    if (!res.ok()) throw new Error(`POST ${path}: ${res.status()} ${await res.text()}`);
    return res.json();
  };
}
