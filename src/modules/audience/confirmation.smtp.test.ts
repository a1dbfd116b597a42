import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ownDatabase, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { CONFIRMATION_QUEUE, CONFIRMATIONS_PER_ADDRESS_PER_DAY } from './confirmation.js';

/** A real SMTP sink: every message the server sends lands here, raw. */
const inbox: string[] = [];
// Unique per run: the daily cap is counted in the database, which a shared PostgreSQL keeps between runs.
const run = Math.random().toString(36).slice(2, 8);
const reader = `reader-${run}@example.org`;
const bombed = `bombed-${run}@example.org`;
let smtp: SMTPServer;
let t: Awaited<ReturnType<typeof createTestApp>>;
let db: Awaited<ReturnType<typeof ownDatabase>>;
let ws: TestWorkspace;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => { inbox.push(Buffer.concat(chunks).toString('utf8')); done(); });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  // Its own database: on a shared PostgreSQL, other files' processes queue confirmations in the
  // same pg-boss queue, and this file's worker would be busy with theirs.
  db = await ownDatabase();
  t = await createTestApp({ workers: true, clientAddress: uniqueClientAddress(), databaseUrl: db.url });
  // Point the transport at the sink before anything sends (it is built on first use).
  Object.assign(t.ctx.config, { SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, PUBLIC_URL: 'https://rapport.test', MAIL_FROM: 'Rapport <news@rapport.test>' });
  ws = await newWorkspace(t.ctx);
}, 60_000);
afterAll(async () => {
  await t.close();
  await db.drop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const api = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: ws.owner.headers });
const submit = (formId: number, body: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: `/f/${formId}`, payload: new URLSearchParams(body).toString(), remoteAddress: '198.51.100.77', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
/** Confirmation jobs of one contact still to run (a shared PostgreSQL also holds other files' jobs). */
const jobsLeft = async (contactId: number) => Number((await sql<{ n: number }>`select count(*)::int as n from pgboss.job
  where name = ${CONFIRMATION_QUEUE} and state in ('created','retry','active')
    and data ->> 'nonce' in (select nonce from confirmation_tokens where contact_id = ${contactId})`.execute(t.ctx.db)).rows[0].n);
const mailTo = (address: string, after: number) => inbox.slice(after).filter((m) => m.includes(address));

async function doubleOptInForm() {
  const list = (await api('POST', '/api/v1/lists', { name: `Weekly ${Math.random()}`, optInMode: 'double', publicName: 'The Weekly', senderName: 'Ann at Rapport' })).json();
  const form = (await api('POST', '/api/v1/forms', { name: 'Weekly', listIds: [list.id], consentText: 'Send me The Weekly.', fields: [{ key: 'email', label: 'Email' }, { key: 'first_name', label: 'Name' }] })).json();
  return { list, form };
}

describe('double opt-in over real SMTP', () => {
  it('mails a confirmation link that, followed, subscribes the contact with a confirmation ledger row', async () => {
    const { list, form } = await doubleOptInForm();
    const before = inbox.length;
    const res = await submit(form.id, { email: reader, first_name: 'Visit http://evil.example now', website: '' });
    expect(res.statusCode).toBe(200);
    const raw = await until('the confirmation email', async () => mailTo(reader, before)[0]);
    const mail = await PostalMime.parse(raw);
    expect(mail.to?.[0].address).toBe(reader);
    expect(mail.from).toMatchObject({ name: 'Ann at Rapport', address: 'news@rapport.test' });
    expect(mail.subject).toContain('The Weekly');
    // Nothing the visitor typed is echoed (the form can't carry a stranger's text to an inbox).
    expect(raw).not.toContain('evil.example');
    const link = /https:\/\/rapport\.test(\/confirm\/[A-Za-z0-9._-]+)/.exec(mail.text ?? '')?.[1];
    expect(link).toBeDefined();

    const contact = (await t.ctx.db.selectFrom('contacts').select('id').where('email', '=', reader).executeTakeFirstOrThrow()).id;
    const status = async () => (await api('GET', `/api/v1/lists/${list.id}/members`)).json().data.find((m: { contactId: number }) => m.contactId === contact)?.status;
    expect(await status()).toBe('pending');
    const page = await t.app.inject({ method: 'GET', url: link! });
    expect(page.statusCode).toBe(200);
    expect(await status()).toBe('pending');
    const confirmed = await t.app.inject({ method: 'POST', url: link! });
    expect(confirmed.statusCode).toBe(200);
    expect(await status()).toBe('subscribed');
    const ledger = (await api('GET', `/api/v1/contacts/${contact}/consents`)).json().data;
    expect(ledger[0]).toMatchObject({ source: 'confirmation', status: 'granted', listId: list.id, formId: form.id });
    expect(ledger[1]).toMatchObject({ source: 'form', status: 'pending', textShown: 'Send me The Weekly.' });
    const timeline = (await api('GET', `/api/v1/contacts/${contact}/timeline?limit=20`)).json().data.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['list_subscribed', 'list_pending', 'form_submitted']));
  }, 60_000);

  it(`sends at most ${CONFIRMATIONS_PER_ADDRESS_PER_DAY} confirmation emails per address per day however often it is signed up`, async () => {
    const { form } = await doubleOptInForm();
    const before = inbox.length;
    for (let i = 0; i < 5; i++) expect((await submit(form.id, { email: bombed, website: '' })).statusCode).toBe(200);
    const contact = (await t.ctx.db.selectFrom('contacts').select('id').where('email', '=', bombed).executeTakeFirstOrThrow()).id;
    await until('the confirmation jobs to finish', async () => (await jobsLeft(contact)) === 0);
    const sent = mailTo(bombed, before);
    expect(sent).toHaveLength(CONFIRMATIONS_PER_ADDRESS_PER_DAY);
  }, 60_000);
});
