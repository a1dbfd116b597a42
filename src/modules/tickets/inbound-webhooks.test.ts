import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let inbox: { id: number; webhookSecret: string };
const run = Math.random().toString(36).slice(2, 8);
const address = `help-${run}@acme.test`;

beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  ws = await newWorkspace(t.ctx);
  inbox = (await t.app.inject({ method: 'POST', url: '/api/v1/inboxes', headers: ws.owner.headers, payload: { name: 'Help', address, assignment: 'manual' } })).json();
});
afterAll(() => t.close());

const basic = (user: string | number, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const postmark = (payload: object, authorization = basic(inbox.id, inbox.webhookSecret)) =>
  t.app.inject({ method: 'POST', url: '/hooks/inbound/postmark', payload, headers: { authorization } });
const form = (fields: Record<string, string>, provider: 'mailgun' | 'sendgrid', authorization?: string) =>
  t.app.inject({ method: 'POST', url: `/hooks/inbound/${provider}`, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) } });
const tickets = async () => (await t.app.inject({ url: '/api/v1/tickets?view=all', headers: ws.owner.headers })).json().data as { id: number; subject: string }[];
const messagesOf = async (id: number) => (await t.app.inject({ url: `/api/v1/tickets/${id}`, headers: ws.owner.headers })).json().messages;

const postmarkMail = (o: { subject: string; html?: string; headers?: { Name: string; Value: string }[]; attachments?: object[] }) => ({
  FromFull: { Email: `dora-${run}@customer.test`, Name: 'Dora' }, OriginalRecipient: address, Subject: o.subject, TextBody: 'Hello', HtmlBody: o.html ?? '',
  Headers: [{ Name: 'Message-ID', Value: `<${o.subject.replace(/\W/g, '')}-${run}@customer.test>` }, ...(o.headers ?? [])], Attachments: o.attachments ?? [],
});

describe('inbound webhooks', () => {
  it('files Postmark mail with the right secret, sanitising its HTML and keeping small attachments', async () => {
    const r = await postmark(postmarkMail({
      subject: 'Broken link', html: '<p onclick="x()">See <a href="https://ex.test">this</a><script>steal()</script><img src="https://tracker.test/p.gif"></p>',
      attachments: [{ Name: 'log.txt', Content: Buffer.from('log').toString('base64'), ContentType: 'text/plain' }, { Name: 'huge.bin', Content: Buffer.alloc(11_000_000).toString('base64'), ContentType: 'application/octet-stream' }],
    }));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ filed: true, outcome: 'created' });
    const [message] = await messagesOf(r.json().ticketId);
    expect(message.html).not.toMatch(/script|onclick|tracker\.test/);
    expect(message.html).toContain('href="https://ex.test"');
    expect(message.attachments.map((a: { filename: string }) => a.filename)).toEqual(['log.txt']);
    expect(message.text).toContain('Not kept, over the size limit: huge.bin');
  });

  it('refuses a wrong secret, another inbox’s id or no credentials with 401, and files nothing', async () => {
    const before = (await tickets()).length;
    expect((await postmark(postmarkMail({ subject: 'x' }), basic(inbox.id, 'wrong'))).statusCode).toBe(401);
    expect((await postmark(postmarkMail({ subject: 'x' }), basic(inbox.id + 1, inbox.webhookSecret))).statusCode).toBe(401);
    expect((await postmark(postmarkMail({ subject: 'x' }), '')).statusCode).toBe(401);
    expect((await tickets()).length).toBe(before);
  });

  it('acknowledges an auto-reply without filing it, and answers a mail without From with 400', async () => {
    const auto = await postmark(postmarkMail({ subject: 'Away', headers: [{ Name: 'Auto-Submitted', Value: 'auto-replied' }] }));
    expect(auto.json()).toMatchObject({ filed: false, reason: 'automatic reply or bulk mail' });
    const noFrom = await postmark({ OriginalRecipient: address, Subject: 'who?', TextBody: 'x' });
    expect(noFrom.statusCode).toBe(400);
  });

  it('checks Mailgun’s signature and freshness, and accepts each token once', async () => {
    const sign = (timestamp: string, token: string) => createHmac('sha256', inbox.webhookSecret).update(timestamp + token).digest('hex');
    const now = String(Math.floor(Date.now() / 1000));
    const fields = { recipient: address, from: `Ed <ed-${run}@customer.test>`, subject: 'Mailgun mail', 'body-plain': 'Hi', 'Message-Id': `<mg-${run}@customer.test>`, timestamp: now, token: `tok-${run}`, signature: sign(now, `tok-${run}`) };
    expect((await form(fields, 'mailgun')).json()).toMatchObject({ filed: true });
    expect((await form(fields, 'mailgun')).statusCode).toBe(401);
    expect((await form({ ...fields, token: `t2-${run}`, signature: sign(now, `t3-${run}`) }, 'mailgun')).statusCode).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    expect((await form({ ...fields, timestamp: stale, token: `t4-${run}`, signature: sign(stale, `t4-${run}`) }, 'mailgun')).statusCode).toBe(401);
  });

  it('files SendGrid’s raw MIME, threading a reply into its ticket by In-Reply-To', async () => {
    const first = `From: Fay <fay-${run}@customer.test>\r\nTo: ${address}\r\nSubject: Sendgrid case\r\nMessage-ID: <sg1-${run}@customer.test>\r\n\r\nFirst`;
    const r1 = await form({ email: first, envelope: JSON.stringify({ to: [address], from: `fay-${run}@customer.test` }) }, 'sendgrid', basic(inbox.id, inbox.webhookSecret));
    expect(r1.json()).toMatchObject({ filed: true, outcome: 'created' });
    const second = `From: Fay <fay-${run}@customer.test>\r\nTo: ${address}\r\nSubject: Re: Sendgrid case\r\nIn-Reply-To: <sg1-${run}@customer.test>\r\nMessage-ID: <sg2-${run}@customer.test>\r\n\r\nSecond`;
    const r2 = await form({ email: second, envelope: JSON.stringify({ to: [address] }) }, 'sendgrid', basic(inbox.id, inbox.webhookSecret));
    expect(r2.json()).toMatchObject({ filed: true, outcome: 'appended', ticketId: r1.json().ticketId });
  });

  it('believes a "[#id]" subject reference only from the ticket’s own customer', async () => {
    const r = await postmark(postmarkMail({ subject: 'Original' }));
    const id = r.json().ticketId;
    const sameCustomer = await postmark({ ...postmarkMail({ subject: `Re: Original [#${id}]` }), Headers: [] });
    expect(sameCustomer.json()).toMatchObject({ outcome: 'appended', ticketId: id });
    const stranger = await postmark({ ...postmarkMail({ subject: `Re: Original [#${id}]` }), FromFull: { Email: `eve-${run}@evil.test`, Name: 'Eve' }, Headers: [] });
    expect(stranger.json().outcome).toBe('created');
  });
});
