import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A local SMTP server that keeps what it receives. `answer(to)` can refuse a recipient with an
 * SMTP code (e.g. 450 to test retries, 550 for a permanent failure); `keep: false` only counts
 * (per recipient address) for big sends.
 */
export async function startSmtpSink(o: { answer?: (to: string) => { code: number; message: string } | null; keep?: boolean } = {}) {
  const messages: SunkMessage[] = [];
  const counts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false, size: 10_000_000,
    onRcptTo(address, _session, cb) {
      const refusal = o.answer?.(address.address);
      if (!refusal) return cb();
      const err = new Error(refusal.message) as Error & { responseCode: number };
      err.responseCode = refusal.code;
      cb(err);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => o.keep !== false && chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        for (const t of to) counts.set(t, (counts.get(t) ?? 0) + 1);
        if (o.keep !== false) messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to, raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { port, messages, counts, close: () => new Promise<void>((r) => server.close(() => r())) };
}
