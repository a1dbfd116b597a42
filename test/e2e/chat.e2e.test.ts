import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, newPage, setUpOwner, shot, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the live-chat journey: Chromium is not installed (apt-get install chromium).');

/** A shop on another origin: a plain HTML page whose only Rapport part is the widget's script tag. */
function startShop(widgetSrc: () => string, key: () => string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tea shop</title></head>
<body style="font-family: Georgia, serif; margin: 2rem"><main><h1>The Tea Shop</h1><p>Loose-leaf teas, shipped daily.</p></main>
<script src="${widgetSrc()}" data-widget-key="${key()}" async></script></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://localhost:${(server.address() as AddressInfo).port}` })));
}

describe.skipIf(!hasChromium)('live chat in Chromium', () => {
  const journey = useJourney({ beforeAll, afterAll });
  let shop: Awaited<ReturnType<typeof startShop>>;
  let key = '';
  beforeAll(async () => {
    shop = await startShop(() => `${journey.server.url}/widget.js`, () => key);
  });
  afterAll(() => new Promise<void>((resolve) => shop.server.close(() => resolve())));

  const openWidget = async (page: Page) => {
    await page.goto(shop.url);
    await page.locator('[data-rapport="launcher"]').click();
  };

  it('a visitor on another site writes, an agent answers in the chat panel, the visitor sees it', async () => {
    const base = journey.server.url;
    const agent = await newPage(journey.browser);
    await setUpOwner(agent.page, base);
    const inbox = await (await agent.page.request.post(`${base}/api/v1/inboxes`, { data: { name: 'Shop', address: 'help@shop.test', assignment: 'manual' } })).json();
    const widget = await agent.page.request.post(`${base}/api/v1/chat-widgets`, { data: { inboxId: inbox.id, allowedOrigins: [shop.url], greeting: 'Hello! Ask us anything about tea.' } });
    expect(widget.status()).toBe(201);
    key = (await widget.json()).key;

    await agent.page.getByTestId('nav-live-chat').click();
    await agent.page.waitForURL('**/chat');
    await agent.page.getByTestId('chat-status').getByText('Online').click();
    await expect.poll(async () => (await (await agent.page.request.get(`${base}/api/v1/chats`)).json()).me.status).toBe('online');

    const visitor = await newPage(journey.browser);
    await openWidget(visitor.page);
    await visitor.page.getByText('Hello! Ask us anything about tea.').waitFor();
    await visitor.page.locator('[data-rapport="text"]').fill('Do you ship oolong to Norway?');
    await visitor.page.locator('[data-rapport="send"]').click();
    await visitor.page.locator('[data-rapport="msg-visitor"]:not(.pending)').waitFor();

    const item = agent.page.locator('[data-testid^="chat-item-"]').first();
    await item.waitFor();
    await item.click();
    await agent.page.getByTestId('chat-message').getByText('Do you ship oolong to Norway?').waitFor();
    await visitor.page.locator('[data-rapport="text"]').pressSequentially('Thanks', { delay: 20 });
    await agent.page.getByTestId('chat-typing').getByText('is typing').waitFor();
    await agent.page.getByTestId('chat-composer').fill('Yes, in 3 to 5 days.');
    await agent.page.getByTestId('chat-send').click();

    await visitor.page.locator('[data-rapport="msg-agent"]').getByText('Yes, in 3 to 5 days.').waitFor();
    await visitor.page.locator('[data-rapport="identify-email"]').fill('ola@example.no');
    await visitor.page.locator('[data-rapport="identify"] button').click();
    await visitor.page.getByText('We will also reply to ola@example.no.').waitFor();
    await shot(visitor.page, 'chat-1-visitor-desktop', { enforceA11y: true });
    await agent.page.getByTestId('chat-presence').getByText('ola@example.no').waitFor();
    await shot(agent.page, 'chat-2-agent-panel', { enforceA11y: true });

    const phone = await newPage(journey.browser, 390);
    await openWidget(phone.page);
    await phone.page.locator('[data-rapport="text"]').waitFor();
    await shot(phone.page, 'chat-3-visitor-phone', { enforceA11y: true });
    expect([...agent.errors, ...visitor.errors, ...phone.errors]).toEqual([]);
  });

  it('with no agent online, the widget takes an email and the message becomes an email ticket', async () => {
    const base = journey.server.url;
    const agent = await newPage(journey.browser);
    await agent.page.goto(`${base}/login`);
    await agent.page.getByTestId('login-email').fill('ada@example.com');
    await agent.page.getByTestId('login-password').fill('password123');
    await agent.page.getByTestId('login-submit').click();
    await agent.page.waitForURL('**/contacts');
    expect((await agent.page.request.put(`${base}/api/v1/agents/me`, { data: { status: 'away' } })).status()).toBe(200);

    const visitor = await newPage(journey.browser, 390);
    await openWidget(visitor.page);
    await visitor.page.locator('[data-rapport="offline-email"]').fill('later@example.com');
    await visitor.page.locator('[data-rapport="offline-name"]').fill('Lee Later');
    await visitor.page.locator('[data-rapport="offline-text"]').fill('Please call me about a wholesale order.');
    await shot(visitor.page, 'chat-4-offline-phone', { enforceA11y: true });
    await visitor.page.locator('[data-rapport="offline-send"]').click();
    await visitor.page.getByText('Thanks! We will answer by email.').waitFor();

    const tickets = (await (await agent.page.request.get(`${base}/api/v1/tickets?view=all`)).json()).data;
    expect(tickets.find((x: { channel: string }) => x.channel === 'email')).toMatchObject({ subject: 'Chat message from Lee Later', contact: { email: 'later@example.com' } });
    expect(visitor.errors).toEqual([]);
  });
});
