import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { AppContext } from '../src/context.js';
import { startInboundServer } from '../src/mail/inbound-server.js';
import { insertWorkspace } from '../src/modules/auth/auth.repo.js';
import { createInbox } from '../src/modules/tickets/inboxes.service.js';
import { ratio } from './stats.js';

const CONNECTIONS = 8;

/** A plain customer mail: a new sender each time, so each one files a new contact and ticket. */
const mail = (i: number, to: string) => ({
  from: `Customer ${i} <customer${i}@bench.test>`, to, subject: `Order ${i} did not arrive`,
  text: `Hello,\n\nmy order ${i} has not arrived yet. Could you look into it?\n\nThanks,\nCustomer ${i}\n`.repeat(3),
  html: `<p>Hello,</p><p>my order <b>${i}</b> has not arrived yet. Could you look into it?</p><p>Thanks,<br>Customer ${i}</p>`,
});

/** Sends `count` mails over a pool of CONNECTIONS connections; mails per second until the last is accepted. */
async function sendAll(port: number, to: string, count: number): Promise<number> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity });
  for (let i = 0; i < 20; i++) await transport.sendMail(mail(1_000_000 + i, to)); // warm-up
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next < count) await transport.sendMail(mail(next++, to));
  }));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  transport.close();
  return count / seconds;
}

/**
 * Inbound mail turned into tickets through the real SMTP listener (parse, sanitise, contact
 * lookup or creation, ticket, message, timeline, all in one transaction before 250 OK), beside a
 * bare smtp-server that reads and discards the same mails over the same client pool.
 */
export async function benchTickets(ctx: AppContext, count = Number(process.env.BENCH_TICKET_MAILS ?? 2000)): Promise<Record<string, string | number>[]> {
  const ws = await insertWorkspace(ctx.db, 'Tickets bench');
  const actor = { workspaceId: ws.id, role: 'owner' as const, userId: null, apiKeyId: null, label: 'bench' };
  const address = `support-${process.pid}-${Date.now()}@bench.test`;
  await createInbox({ ctx, actor, input: { name: 'Bench', address, assignment: 'manual', agentIds: [] } });

  const bare = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (stream, _s, cb) => { stream.on('data', () => undefined); stream.on('end', () => cb()); } });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', () => resolve()));
  const raw = await sendAll((bare.server.address() as { port: number }).port, address, count);
  await new Promise<void>((resolve) => bare.close(() => resolve()));

  const inbound = await startInboundServer(ctx, { port: 0, host: '127.0.0.1' });
  const filed = await sendAll(inbound.port, address, count);
  await inbound.close();
  const made = await ctx.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
  if (Number(made.n) !== count + 20) throw new Error(`expected ${count + 20} tickets, found ${made.n}`);
  const f = (v: number) => Math.round(v).toLocaleString('en');
  return [
    { measure: `bare smtp-server, ${CONNECTIONS} connections, mails/s (raw baseline)`, value: f(raw), ratio: '1.00×' },
    { measure: 'inbound listener → tickets, mails/s (target ≥ 200)', value: f(filed), ratio: ratio(filed, raw) },
  ];
}
