import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../smtp-sink.js';
import { hasChromium, newPage, shot, setUpOwner, useJourney } from './browser.js';

if (!hasChromium) console.warn('Skipping the help-desk journey: Chromium is not installed (apt-get install chromium).');

describe.skipIf(!hasChromium)('help-desk journey in Chromium', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const journey = useJourney({ beforeAll, afterAll }, async () => {
    sink = await startSmtpSink();
    return { env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Rapport <rapport@example.com>' } };
  });
  afterAll(() => sink?.close());

  it('works a ticket: finds it in the views, reads the customer beside it, notes, replies by email, changes status and merges a duplicate', async () => {
    const { page, errors } = await newPage(journey.browser);
    const base = journey.server.url;
    await setUpOwner(page, base);
    const api = async (method: 'post' | 'get' | 'patch', path: string, data?: unknown) => {
      const res = await page.request[method](`${base}/api/v1${path}`, data === undefined ? {} : { data });
      expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
      return res.json();
    };
    await api('post', '/inboxes', { name: 'Support', address: 'help@example.com', assignment: 'manual' });
    const contact = await api('post', '/contacts', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example', phone: '+1 555 0100' });
    const ticket = await api('post', '/tickets', { subject: 'Compiler rejects my COBOL', body: 'Line 42 fails since the upgrade.\nCan you help?', contactId: contact.id, priority: 'high', channel: 'web' });
    const duplicate = await api('post', '/tickets', { subject: 'Re: COBOL problem', body: 'Any news?', contactId: contact.id });

    // The list: both tickets in "All open"; none of them in "Mine" until one is assigned.
    await page.getByTestId('nav-tickets').click();
    await page.waitForURL('**/tickets');
    const table = page.getByTestId('tickets-table');
    await table.getByText('Compiler rejects my COBOL').waitFor();
    expect(await table.innerText()).toContain('Re: COBOL problem');
    await page.mouse.move(700, 600); // off the nav link just clicked: a screenshot of the page at rest
    await shot(page, 'helpdesk-1-tickets', { enforceA11y: true });
    await page.getByTestId('ticket-views').getByText('Mine').click();
    await expect.poll(() => table.innerText()).not.toContain('Compiler rejects my COBOL');
    await page.getByTestId('ticket-views').getByText('All open').click();
    await page.getByTestId('ticket-search').fill('upgrade');
    // One read of the table for both: while the search loads, the table is briefly empty.
    const searched = async () => {
      const text = await table.innerText();
      return text.includes('Compiler rejects my COBOL') && !text.includes('Re: COBOL problem');
    };
    await expect.poll(searched).toBe(true);

    // The ticket with its customer beside it.
    await table.getByText('Compiler rejects my COBOL').click();
    await page.waitForURL(`**/tickets/${ticket.id}`);
    const customer = page.getByTestId('customer-panel');
    await customer.getByText('grace@navy.example').waitFor();
    expect(await customer.getByTestId('customer-other-tickets').innerText()).toContain('Re: COBOL problem');
    expect(await page.getByTestId('ticket-thread').innerText()).toContain('Line 42 fails since the upgrade.');

    // An internal note, then a public reply that leaves the ticket pending and reaches the customer.
    await page.getByTestId('composer-kind').getByText('Internal note').click();
    await page.getByTestId('composer-body').fill('Probably the new parser. Checking with the compiler team.');
    await page.getByTestId('composer-send').click();
    await page.locator('[data-testid="ticket-message"][data-kind="note"]').waitFor();
    await page.getByTestId('composer-kind').getByText('Public reply').click();
    await page.getByTestId('composer-body').fill('Hello Grace, we reproduced it and a fix is on its way.');
    await page.getByTestId('composer-send').click();
    await page.locator('[data-testid="ticket-message"][data-kind="reply"]').waitFor();
    await expect.poll(() => page.getByTestId('ticket-status').first().textContent()).toBe('Pending');
    await expect.poll(() => sink.messages.filter((m) => m.to.includes('grace@navy.example')).length, { timeout: 20_000 }).toBe(1);
    const mail = sink.messages.find((m) => m.to.includes('grace@navy.example'))!.raw;
    // Opened through the API, the ticket has no customer mail to answer: the reply starts the thread,
    // with its own Message-ID and the ticket reference a customer's reply is matched by.
    expect(mail).toMatch(/^Message-ID: <[^>]+>/im);
    expect(mail).toMatch(new RegExp(`^Subject: Re: Compiler rejects my COBOL \\[#${ticket.id}\\]`, 'm'));
    expect(mail).toContain('we reproduced it');
    expect(mail).not.toContain('compiler team'); // the note never leaves the building

    // Properties: priority changed through the select; saved and shown at once.
    await page.getByTestId('ticket-priority-select').click();
    await page.getByRole('option', { name: 'Urgent' }).click();
    await expect.poll(async () => (await api('get', `/tickets/${ticket.id}`)).priority).toBe('urgent');
    await shot(page, 'helpdesk-2-ticket', { enforceA11y: true });

    // The duplicate merged into the first ticket: its message moves there.
    await page.goto(`${base}/tickets/${duplicate.id}`);
    await page.getByTestId('ticket-merge').click();
    await page.getByTestId('merge-into').fill(String(ticket.id));
    await page.getByTestId('merge-submit').click();
    await page.getByText(`ticket #${ticket.id}`).waitFor();
    await page.goto(`${base}/tickets/${ticket.id}`);
    await expect.poll(() => page.getByTestId('ticket-thread').innerText()).toContain('Any news?');

    // Phone width: the thread first, the customer below, nothing cut off.
    const phone = await newPage(journey.browser, 390);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${base}/tickets/${ticket.id}`);
    await phone.page.getByTestId('customer-panel').waitFor();
    const thread = (await phone.page.getByTestId('ticket-thread').boundingBox())!;
    const panel = (await phone.page.getByTestId('customer-panel').boundingBox())!;
    expect(panel.y).toBeGreaterThan(thread.y);
    expect(panel.x + panel.width).toBeLessThanOrEqual(390);
    await shot(phone.page, 'helpdesk-3-ticket-phone', { enforceA11y: true });
    expect([...errors, ...phone.errors]).toEqual([]);
  });
});
