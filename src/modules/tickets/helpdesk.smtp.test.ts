import nodemailer from 'nodemailer';
import PostalMime, { type Email } from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ownDatabase, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { startSmtpSink } from '../../../test/smtp-sink.js';
import { startInboundServer } from '../../mail/inbound-server.js';
import './inbound-sources.js';

/** The customer's mail server: agents' replies land here. */
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let inbound: { port: number; close: () => Promise<void> };
let t: Awaited<ReturnType<typeof createTestApp>>;
let db: Awaited<ReturnType<typeof ownDatabase>>;
let ws: TestWorkspace;
const run = Math.random().toString(36).slice(2, 8);
const support = `support-${run}@acme.test`;
const customer = `carla-${run}@customer.test`;

beforeAll(async () => {
  sink = await startSmtpSink();
  db = await ownDatabase();
  t = await createTestApp({ workers: true, clientAddress: uniqueClientAddress(), databaseUrl: db.url });
  Object.assign(t.ctx.config, { SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
  inbound = await startInboundServer(t.ctx, { port: 0, host: '127.0.0.1' });
  ws = await newWorkspace(t.ctx);
}, 60_000);
afterAll(async () => {
  await inbound.close();
  await t.close();
  await db.drop();
  await sink.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const customerMail = (mail: Parameters<ReturnType<typeof nodemailer.createTransport>['sendMail']>[0]) =>
  nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true }).sendMail({ from: `Carla Diaz <${customer}>`, to: support, ...mail });

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('help desk over real SMTP', () => {
  it('turns a mail into a ticket, threads the agent’s reply, and files the customer’s answer in the same ticket', async () => {
    const support1 = await ws.as('support');
    expect((await api('PUT', '/api/v1/agents/me', { status: 'online', signature: 'Sam, Acme support' }, support1.headers)).statusCode).toBe(200);
    const created = await api('POST', '/api/v1/inboxes', { name: 'Support', address: support, agentIds: [support1.actor.userId] });
    expect(created.statusCode).toBe(201);

    // 1. The customer writes; a ticket appears, assigned to the online agent, with a new contact.
    await customerMail({ subject: 'Printer on fire', text: 'It smokes.\n', messageId: `<first-${run}@customer.test>` });
    const list = await until('the ticket', async () => {
      const r = (await api('GET', '/api/v1/tickets?view=all', undefined, support1.headers)).json();
      return r.data.length ? r : undefined;
    });
    const ticket = list.data[0];
    expect(ticket).toMatchObject({ subject: 'Printer on fire', status: 'new', assignee: { id: support1.actor.userId }, contact: { email: customer, name: 'Carla Diaz' } });

    // 2. The agent answers; the sink receives it with the threading headers and the signature.
    const reply = await api('POST', `/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'Unplug it, please.' }, support1.headers);
    expect(reply.statusCode).toBe(201);
    const sent = await until('the reply at the sink', async () => {
      const parsed: Email[] = await Promise.all(sink.messages.map((m) => PostalMime.parse(m.raw)));
      return parsed.find((m) => m.subject?.includes(`[#${ticket.id}]`));
    });
    expect(sent.inReplyTo).toBe(`<first-${run}@customer.test>`);
    expect(sent.references).toContain(`<first-${run}@customer.test>`);
    expect(sent.messageId).toMatch(new RegExp(`^<t${ticket.id}\\..+@acme\\.test>$`));
    expect(sent.from?.address).toBe(support);
    expect(sent.text).toContain('Unplug it, please.');
    expect(sent.text).toContain('Sam, Acme support');
    const afterReply = (await api('GET', `/api/v1/tickets/${ticket.id}`, undefined, support1.headers)).json();
    expect(afterReply.status).toBe('pending');

    // 3. The customer answers the reply (their client sets In-Reply-To); it lands in the same ticket, which reopens.
    await customerMail({ subject: `Re: ${sent.subject}`, text: 'Done, thanks.', inReplyTo: sent.messageId, references: [`<first-${run}@customer.test>`, sent.messageId!] });
    const again = await until('the answer in the ticket', async () => {
      const r = (await api('GET', `/api/v1/tickets/${ticket.id}`, undefined, support1.headers)).json();
      return r.messages.length === 3 ? r : undefined;
    });
    expect(again.status).toBe('open');
    expect(again.messages.map((m: { kind: string }) => m.kind)).toEqual(['inbound', 'reply', 'inbound']);
    expect((await api('GET', '/api/v1/tickets?view=all', undefined, support1.headers)).json().data).toHaveLength(1);
  });

  it('never opens a ticket for an auto-reply or a bounce, and never answers one', async () => {
    const before = (await api('GET', '/api/v1/tickets?view=all')).json().data.length;
    await customerMail({ subject: 'Out of office', text: 'Back Monday', headers: { 'Auto-Submitted': 'auto-replied' } });
    await customerMail({ subject: 'Weekly digest', text: 'news', headers: { Precedence: 'bulk' } });
    await nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true })
      .sendMail({ envelope: { from: '', to: support }, from: 'MAILER-DAEMON@customer.test', to: support, subject: 'Undelivered Mail Returned to Sender', text: 'bounce' });
    // A normal mail afterwards proves the three were handled (in order) and dropped.
    await customerMail({ subject: `Marker ${run}`, text: 'x' });
    const after = await until('the marker ticket', async () => {
      const r = (await api('GET', '/api/v1/tickets?view=all')).json();
      return r.data.some((d: { subject: string }) => d.subject === `Marker ${run}`) ? r : undefined;
    });
    expect(after.data.length).toBe(before + 1);
  });

  it('keeps marketing and agency out of tickets', async () => {
    for (const role of ['marketing', 'agency'] as const) {
      const u = await ws.as(role);
      expect((await api('GET', '/api/v1/tickets', undefined, u.headers)).statusCode).toBe(403);
    }
  });
});
