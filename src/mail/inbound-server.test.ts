import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/context.js';
import type { AppContext } from '../context.js';
import { INBOUND_HANDLERS, type InboundHandler } from './inbound-handlers.js';
import type { InboundMail } from './inbound-server.js';
import { startInboundServer } from './inbound-server.js';

let ctx: AppContext;
let server: { port: number; close: () => Promise<void> };
const received: InboundMail[] = [];
const handler: InboundHandler = {
  name: 'test',
  accepts: (rcpt) => rcpt.endsWith('@in.test'),
  handle: async (mail) => {
    if (mail.recipient.startsWith('fail')) throw new Error('database down');
    received.push(mail);
  },
};

beforeAll(async () => {
  ctx = await createTestContext();
  INBOUND_HANDLERS.push(() => handler);
  server = await startInboundServer({ ...ctx, config: { ...ctx.config, INBOUND_MAX_MESSAGE_BYTES: 50_000 } }, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  INBOUND_HANDLERS.splice(INBOUND_HANDLERS.findIndex((f) => f(ctx) === handler), 1);
  await server.close();
  await ctx.database.close();
});

const mailer = () => nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });

describe('inbound SMTP listener', () => {
  it('hands a claimed recipient its parsed message', async () => {
    await mailer().sendMail({ from: 'ann@example.com', to: 'Support@In.test', subject: 'Printer on fire', text: 'Help' });
    const mail = received.at(-1)!;
    expect(mail).toMatchObject({ envelopeFrom: 'ann@example.com', recipient: 'support@in.test' });
    expect(mail.parsed.subject).toBe('Printer on fire');
    expect(mail.parsed.text?.trim()).toBe('Help');
  });
  it('refuses unclaimed recipients at RCPT, so it is never an open relay', async () => {
    await expect(mailer().sendMail({ from: 'a@example.com', to: 'someone@elsewhere.test', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
  });
  it('refuses a message over the size limit with 552', async () => {
    await expect(mailer().sendMail({ from: 'a@example.com', to: 'big@in.test', text: 'x'.repeat(80_000) })).rejects.toMatchObject({ responseCode: 552 });
  });
  it('answers 451 when the handler fails, so the sender retries', async () => {
    await expect(mailer().sendMail({ from: 'a@example.com', to: 'fail@in.test', text: 'x' })).rejects.toMatchObject({ responseCode: 451 });
  });
  it('survives a client that drops the connection mid-message', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.write('EHLO x\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<s@in.test>\r\nDATA\r\nSubject: half');
        setTimeout(() => { socket.destroy(); resolve(); }, 100);
      });
    });
    await mailer().sendMail({ from: 'b@example.com', to: 'after@in.test', text: 'still here' });
    expect(received.at(-1)!.recipient).toBe('after@in.test');
  });
});
