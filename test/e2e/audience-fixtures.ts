import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { shot } from './browser.js';

type Mail = Awaited<ReturnType<typeof PostalMime.parse>>;

const listen = (server: { listen: (port: number, host: string, cb: () => void) => unknown }) =>
  new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

/** A local SMTP server that keeps every message it receives, parsed; the app's SMTP_URL points at it. */
export async function startSmtpSink() {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => PostalMime.parse(Buffer.concat(chunks)).then((m) => { mails.push(m); done(); }, done));
    },
  });
  await listen(smtp);
  const { port } = smtp.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** Waits for a message to `to` (polling: the confirmation goes out from a queued job). */
    async waitFor(to: string, timeoutMs = 20_000): Promise<Mail> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const m = mails.find((x) => x.to?.some((a) => a.address?.toLowerCase() === to.toLowerCase()));
        if (m) return m;
        if (Date.now() > until) throw new Error(`no email to ${to} within ${timeoutMs} ms (got ${mails.length} others)`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** A free TCP port, so PUBLIC_URL can name the app's port before the app listens on it. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await listen(s);
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Someone else's website: a plain static server on another origin, serving the pages it is given. */
export async function startOtherSite(pages: Record<string, string>) {
  const server: Server = createServer((req, res) => {
    const body = pages[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;
  // "localhost" rather than 127.0.0.1: a different host as well as a different port from the app.
  return { url: `http://localhost:${port}`, pages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A page of a small business's site with the snippet pasted into it. */
export const sitePage = (title: string, snippet: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:Georgia,serif;max-width:640px;margin:2rem auto;padding:0 1rem;color:#222}h1{font-size:1.6rem}</style></head>
<body><h1>${title}</h1><p>Fresh bread every morning. Join our newsletter for the weekly specials.</p>
${snippet}
</body></html>`;

/** The first link in a message whose path starts with `prefix` (e.g. "/confirm/"). */
export function linkIn(mail: Mail, prefix: string): string {
  const text = `${mail.text ?? ''}\n${mail.html ?? ''}`;
  const m = text.match(new RegExp(`https?://[^\\s"'<>]+${prefix.replace(/\//g, '\\/')}[^\\s"'<>]+`));
  if (!m) throw new Error(`no ${prefix} link in the email "${mail.subject}"`);
  return m[0].replace(/&amp;/g, '&');
}

/** Desktop (1280×800) and phone (390×844) screenshots of the same step, from the top of the page. */
export async function shots(page: Page, name: string, options: { enforceA11y?: boolean; ready?: () => Promise<unknown> } = {}) {
  const size = page.viewportSize();
  await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot of a scrolled page draws the fixed header mid-page
  for (const [width, height, label] of [[1280, 800, 'desktop'], [390, 844, 'phone']] as const) {
    await page.setViewportSize({ width, height });
    // The web app lays out in JS too (media-query hooks) and the navbar slides: let both settle before the shot.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.waitForTimeout(300);
    // A screen that loads again at the new width (a preview frame) says when it is drawn.
    await options.ready?.();
    await shot(page, `audience-${name}-${label}`, options);
  }
  if (size) await page.setViewportSize(size);
}
