import type { ConnectionOptions } from 'node:tls';
import type { SmtpSecurity } from '../db/schema-email.js';
import { SmtpSendError, SmtpSession } from './smtp-connection.js';

export { SmtpSendError };

/**
 * Where a built, signed message goes: pooled SMTP sessions today, anything that accepts a raw
 * message tomorrow. The send loop depends on this, not on an SMTP library.
 */
export interface RawTransport {
  send(envelope: { from: string; to: string }, raw: string): Promise<void>;
  close(): void;
}

export interface SmtpAccountOptions {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
  password: string | null;
  maxConnections: number;
}

interface Job {
  envelope: { from: string; to: string };
  raw: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Up to `maxConnections` SMTP sessions (smtp-connection.ts) to one account, opened as messages
 * wait and kept open until close(). Each session takes the next waiting message as soon as the
 * previous one's content is written, so with PIPELINING a session always has one message
 * awaiting its verdict and the next one's envelope on the way. A session that fails fails only
 * the messages it holds (as temporary: retried later); the queue goes on over the others.
 */
export function smtpPool(account: SmtpAccountOptions, tls?: ConnectionOptions): RawTransport {
  const queue: Job[] = [];
  const idle: SmtpSession[] = [];
  let sessions = 0;
  let closed = false;

  const failQueue = (err: Error) => {
    for (const job of queue.splice(0)) job.reject(err);
  };

  async function drive(session: SmtpSession) {
    while (queue.length > 0 && !session.failure && !closed) {
      const job = queue.shift()!;
      const { written, done } = session.send(job.envelope, job.raw);
      done.then(job.resolve, job.reject);
      await written;
    }
    if (session.failure) sessions--;
    else idle.push(session);
    pump();
  }

  async function openSession() {
    sessions++;
    try {
      const session = await SmtpSession.open({ ...account, tls });
      if (closed) return session.quit();
      void drive(session);
    } catch (err) {
      sessions--;
      // With no session left to carry them, the waiting messages fail now (retried later) rather than hang.
      if (sessions === 0) failQueue(err as Error);
    }
  }

  function pump() {
    while (queue.length > 0 && idle.length > 0) {
      const session = idle.pop()!;
      if (session.failure) sessions--;
      else void drive(session);
    }
    if (queue.length > 0 && sessions < Math.max(1, account.maxConnections)) void openSession();
  }

  return {
    send(envelope, raw) {
      if (closed) return Promise.reject(new SmtpSendError('the pool is closed', true, null));
      return new Promise<void>((resolve, reject) => {
        queue.push({ envelope, raw, resolve, reject });
        pump();
      });
    },
    close() {
      closed = true;
      failQueue(new SmtpSendError('the pool is closed', true, null));
      for (const session of idle.splice(0)) session.quit();
    },
  };
}
