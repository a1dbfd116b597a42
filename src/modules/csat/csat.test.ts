import PostalMime from 'postal-mime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { startSmtpSink } from '../../../test/smtp-sink.js';
import { csatToken } from './csat-token.js';
import { CSAT_QUEUE, sendCsatSurvey } from './csat.job.js';
import { CSAT_RATE } from './csat.routes.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let ws: TestWorkspace;
const run = Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  Object.assign(t.ctx.config, { SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const queued = async (ticketId: number) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${CSAT_QUEUE} and data->>'ticketId' = ${String(ticketId)}`.execute(t.ctx.db)).rows[0]!.n);

async function solvedTicket(email: string) {
  const ticket = (await api('POST', '/api/v1/tickets', { subject: `Broken ${run}`, body: 'help', email })).json();
  expect((await api('PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'solved' })).statusCode).toBe(200);
  return ticket;
}

describe('CSAT survey', () => {
  it('emails one signed link per score when a ticket is solved; a click records it and the comment follows', async () => {
    const email = `csat-${run}@example.com`;
    const ticket = await solvedTicket(email);
    expect(await queued(ticket.id)).toBe(1);
    expect(await sendCsatSurvey(t.ctx, { ticketId: ticket.id })).toBe('sent');
    expect(await sendCsatSurvey(t.ctx, { ticketId: ticket.id })).toBe('skipped'); // once per ticket
    const mails = sink.messages.filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(1);
    const parsed = await PostalMime.parse(mails[0]!.raw);
    expect(parsed.headers.find((h) => h.key === 'auto-submitted')?.value).toBe('auto-generated');
    const links = [...parsed.text!.matchAll(/(\d) – [^:]+: \S*(\/csat\/\S+)/g)].map((m) => ({ score: Number(m[1]), path: m[2]! }));
    expect(links.map((l) => l.score)).toEqual([5, 4, 3, 2, 1]);

    const four = links.find((l) => l.score === 4)!.path;
    const page = await t.app.inject({ method: 'GET', url: four });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('4 of 5');
    expect(page.body).toContain(`action="${four}"`);
    await t.app.inject({ method: 'GET', url: four }); // the same click again changes nothing
    await t.app.inject({ method: 'GET', url: links.find((l) => l.score === 2)!.path }); // the last click wins
    const commented = await t.app.inject({ method: 'POST', url: four, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'comment=Quick+%3Cb%3Eanswer%3C%2Fb%3E' });
    expect(commented.statusCode).toBe(200);
    expect(commented.body).toContain('Thank you for your comment');

    const seen = (await api('GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(seen.csat).toEqual({ score: 2, comment: 'Quick <b>answer</b>' });
    const events = await t.ctx.db.selectFrom('timeline_events').select('data').where('workspace_id', '=', ws.id).where('contact_id', '=', ticket.contact.id).where('kind', '=', 'csat_received').orderBy('id').execute();
    expect(events.map((e) => e.data)).toEqual([
      { ticketId: ticket.id, score: 4 }, { ticketId: ticket.id, score: 2 }, { ticketId: ticket.id, score: 2, comment: 'Quick <b>answer</b>' },
    ]);
  });

  it('answers a tampered, forged, expired or unknown token with a 4xx page', async () => {
    const ticket = await solvedTicket(`csat-bad-${run}@example.com`);
    await sendCsatSurvey(t.ctx, { ticketId: ticket.id });
    const good = csatToken(t.ctx.secret, { ticketId: ticket.id, score: 5, issuedAt: new Date() });
    const probes = [
      good.replace('.5.', '.1.'), // another score under the same signature
      csatToken('another-secret-of-at-least-thirty-two-chars', { ticketId: ticket.id, score: 5, issuedAt: new Date() }),
      csatToken(t.ctx.secret, { ticketId: ticket.id, score: 5, issuedAt: new Date(Date.now() - 31 * 86_400_000) }),
      csatToken(t.ctx.secret, { ticketId: 999_999_999, score: 5, issuedAt: new Date() }),
      'not-a-token',
    ];
    for (const token of probes) {
      const r = await t.app.inject({ method: 'GET', url: `/csat/${encodeURIComponent(token)}` });
      expect(r.statusCode, token).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, token).toBeLessThan(500);
      expect(r.body).toContain('not valid');
    }
    expect((await t.app.inject({ method: 'GET', url: '/csat/a%00b' })).statusCode).toBe(400);
    expect((await api('GET', `/api/v1/tickets/${ticket.id}`)).json().csat).toBeNull();
  });

  it('sends no survey for a ticket reopened before the job ran', async () => {
    const ticket = await solvedTicket(`csat-reopen-${run}@example.com`);
    await api('PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'open' });
    expect(await sendCsatSurvey(t.ctx, { ticketId: ticket.id })).toBe('skipped');
  });

  it('limits requests per client address', async () => {
    const from = uniqueClientAddress();
    let last = 0;
    for (let i = 0; i <= CSAT_RATE.max; i++) last = (await t.app.inject({ method: 'GET', url: '/csat/nothing', remoteAddress: from })).statusCode;
    expect(last).toBe(429);
  });
});
