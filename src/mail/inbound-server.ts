import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { AppContext } from '../context.js';
import { INBOUND_HANDLERS, type InboundHandler } from './inbound-handlers.js';

/** A message as it arrived, handed to the handler that claimed its recipient. */
export interface InboundMail {
  /** Envelope sender (MAIL FROM); '' for a null sender, which DSNs use. */
  envelopeFrom: string;
  /** The envelope recipient this handler accepted (lower-cased). */
  recipient: string;
  raw: Buffer;
  parsed: Email;
  remoteAddress: string;
}

class TooLarge extends Error {}

/**
 * Rapport's own inbound SMTP listener (INBOUND_SMTP_PORT; off when unset). One listener serves every
 * module that receives mail — bounces and complaints at VERP addresses, help-desk inboxes — through
 * the handlers in inbound-handlers.ts: a recipient no handler claims is refused at RCPT (550), so
 * Rapport is never an open relay and never accepts mail it would drop. Size is limited at DATA
 * (552); a handler failure answers 451 so the sender retries; a malformed message is still parsed
 * as far as postal-mime can, and client errors never crash the process.
 */
export async function startInboundServer(ctx: AppContext, options: { port?: number; host?: string } = {}): Promise<{ port: number; close: () => Promise<void> }> {
  const handlers = INBOUND_HANDLERS.map((make) => make(ctx));
  const maxBytes = ctx.config.INBOUND_MAX_MESSAGE_BYTES;
  const claims = new WeakMap<SMTPServerSession, Map<string, InboundHandler>>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    banner: 'Rapport inbound',
    logger: false,
    async onRcptTo(address, session, callback) {
      const rcpt = address.address.toLowerCase();
      try {
        for (const handler of handlers) {
          if (await handler.accepts(rcpt)) {
            const map = claims.get(session) ?? new Map<string, InboundHandler>();
            map.set(rcpt, handler);
            claims.set(session, map);
            return callback();
          }
        }
        callback(Object.assign(new Error(`5.1.1 <${rcpt}>: no such mailbox here`), { responseCode: 550 }));
      } catch (err) {
        ctx.log.error({ err }, 'inbound: recipient check failed');
        callback(Object.assign(new Error('4.3.0 temporary failure, try again later'), { responseCode: 451 }));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes) {
          ctx.log.warn({ size, remote: session.remoteAddress }, 'inbound: message over INBOUND_MAX_MESSAGE_BYTES refused');
          return callback(Object.assign(new TooLarge(`5.3.4 message exceeds ${maxBytes} bytes`), { responseCode: 552 }));
        }
        deliver(Buffer.concat(chunks), session).then(() => callback(), (err) => {
          ctx.log.error({ err }, 'inbound: handler failed; the sender will retry');
          callback(Object.assign(new Error('4.3.0 temporary failure, try again later'), { responseCode: 451 }));
        });
      });
    },
  });
  // A client that disconnects abruptly emits an error on the server: log it, never crash.
  server.on('error', (err) => ctx.log.warn({ err: err.message }, 'inbound: client error'));

  async function deliver(raw: Buffer, session: SMTPServerSession): Promise<void> {
    const parsed = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' } as never);
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '';
    for (const [recipient, handler] of claims.get(session) ?? []) {
      await handler.handle({ envelopeFrom, recipient, raw, parsed, remoteAddress: session.remoteAddress });
    }
    claims.delete(session);
  }

  const port = options.port ?? ctx.config.INBOUND_SMTP_PORT ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? ctx.config.INBOUND_SMTP_HOST, () => {
      server.off('error', reject);
      server.on('error', (err) => ctx.log.warn({ err: err.message }, 'inbound: client error'));
      resolve();
    });
  });
  const bound = (server.server.address() as AddressInfo).port;
  ctx.log.info(`inbound SMTP listening on port ${bound}`);
  return { port: bound, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
