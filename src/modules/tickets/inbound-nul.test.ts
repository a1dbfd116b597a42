import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { startInboundServer } from '../../mail/inbound-server.js';
import './inbound-sources.js';

// PostgreSQL text cannot hold U+0000: a mail carrying one (encoded, as mail carries it) must
// become a ticket without it, not fail its insert on every retry of the sender.
let t: Awaited<ReturnType<typeof createTestApp>>;
let inbound: { port: number; close: () => Promise<void> };
let ws: TestWorkspace;
let inbox: { id: number; webhookSecret: string };
const run = Math.random().toString(36).slice(2, 8);
const address = `nul-${run}@acme.test`;

beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  inbound = await startInboundServer(t.ctx, { port: 0, host: '127.0.0.1' });
  ws = await newWorkspace(t.ctx);
  inbox = (await t.app.inject({ method: 'POST', url: '/api/v1/inboxes', headers: ws.owner.headers, payload: { name: 'Help', address, assignment: 'manual' } })).json();
});
afterAll(async () => {
  await inbound.close();
  await t.close();
});

const ticketsBySubject = async (subject: string) =>
  (await t.app.inject({ url: '/api/v1/tickets?view=all', headers: ws.owner.headers })).json().data.filter((x: { subject: string }) => x.subject === subject) as { id: number }[];
const messagesOf = async (id: number) => (await t.app.inject({ url: `/api/v1/tickets/${id}`, headers: ws.owner.headers })).json().messages as { subject: string; text: string; html: string | null }[];

describe('inbound mail holding NUL characters', () => {
  it('becomes a ticket over SMTP with the NULs removed from subject, body, HTML and sender name', async () => {
    await nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true }).sendMail({
      from: { name: 'Nu\u0000la Null', address: `nula-${run}@customer.test` }, to: address,
      subject: 'Smtp\u0000 case', text: 'Line one\u0000 and two', html: '<p>Bold\u0000 move</p>', headers: { 'X-Note': 'a\u0000b' },
    });
    const [ticket] = await ticketsBySubject('Smtp case');
    expect(ticket).toBeDefined();
    const [message] = await messagesOf(ticket!.id);
    expect(message!.subject).toBe('Smtp case');
    expect(message!.text.trim()).toBe('Line one and two');
    expect(message!.html).toContain('Bold move');
    const contacts = (await t.app.inject({ url: `/api/v1/contacts?q=nula-${run}`, headers: ws.owner.headers })).json().data;
    expect(contacts[0]).toMatchObject({ firstName: 'Nula', lastName: 'Null' });
  });

  it('becomes a ticket through an inbound webhook (SendGrid raw MIME) with the NULs removed', async () => {
    const raw = [
      `From: =?UTF-8?Q?Gr=00eta?= <greta-${run}@customer.test>`, `To: ${address}`, 'Subject: =?UTF-8?Q?Hook=00_case?=',
      `Message-ID: <nul-${run}@customer.test>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', 'Body=00 text',
    ].join('\r\n');
    const res = await t.app.inject({
      method: 'POST', url: '/hooks/inbound/sendgrid', payload: new URLSearchParams({ email: raw, envelope: JSON.stringify({ to: [address] }) }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${inbox.id}:${inbox.webhookSecret}`).toString('base64')}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ filed: true, outcome: 'created' });
    const [message] = await messagesOf(res.json().ticketId);
    expect(message).toMatchObject({ subject: 'Hook case' });
    expect(message!.text.trim()).toBe('Body text');
  });

  it('becomes a ticket from Postmark JSON holding NULs (kept, not refused as other JSON bodies are)', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/hooks/inbound/postmark', headers: { authorization: `Basic ${Buffer.from(`${inbox.id}:${inbox.webhookSecret}`).toString('base64')}` },
      payload: { FromFull: { Email: `pia-${run}@customer.test`, Name: 'Pi\u0000a' }, OriginalRecipient: address, Subject: 'Json\u0000 case', TextBody: 'Json\u0000 body', HtmlBody: '',
        Headers: [{ Name: 'Message-ID', Value: `<pm-nul-${run}@customer.test>` }, { Name: 'X-Note', Value: 'a\u0000b' }], Attachments: [] },
    });
    expect(res.statusCode).toBe(200);
    const [message] = await messagesOf(res.json().ticketId);
    expect(message).toMatchObject({ subject: 'Json case', text: 'Json body' });
  });
});
