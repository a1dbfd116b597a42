import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { SmtpSecurity } from '../db/schema-email.js';

/**
 * One SMTP client session for bulk sending of messages built ready to send (CRLF lines, 7-bit or
 * UTF-8): raw strings written to the socket, no streams or MIME re-parsing. Where the server
 * advertises PIPELINING (RFC 2920) a message costs one round trip: its envelope and DATA go out in
 * one write, and the end of its content goes out together with the next message's envelope.
 */
export interface SmtpSessionOptions {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
  password: string | null;
  /** Certificate checks for TLS (tests pass their own CA or turn verification off). */
  tls?: ConnectionOptions;
  /** A reply awaited longer than this fails the session (and its messages, as temporary). */
  timeoutMs?: number;
  name?: string;
}

/** An SMTP answer: `temporary` (4xx, a timeout, a dropped connection) is retried, permanent is not. */
export class SmtpSendError extends Error {
  constructor(message: string, readonly temporary: boolean, readonly code: number | null) {
    super(message);
  }
}

interface Reply { code: number; text: string }

const replyError = (r: Reply, stage: string) => new SmtpSendError(`${stage}: ${r.code} ${r.text}`.slice(0, 500), r.code < 500, r.code);
const ok = (r: Reply) => r.code >= 200 && r.code < 300;

/** Dot-stuffing (RFC 5321 4.5.2) and the terminating dot; bare LFs become CRLF. */
export function dataBlock(raw: string): string {
  let s = raw;
  if (/(^|[^\r])\n/.test(s)) s = s.replace(/\r?\n/g, '\r\n');
  if (s.startsWith('.')) s = `.${s}`;
  if (s.includes('\n.')) s = s.replace(/\n\./g, '\n..');
  return s.endsWith('\r\n') ? `${s}.\r\n` : `${s}\r\n.\r\n`;
}

export class SmtpSession {
  private socket!: Socket;
  private readonly waiting: ((r: Reply | Error) => void)[] = [];
  private partial = '';
  private lines: string[] = [];
  private extensions = new Set<string>();
  private authMechanisms: string[] = [];
  /** Held from a message's envelope to the write of its content: another envelope must not come between. */
  private turn: Promise<void> = Promise.resolve();
  failure: Error | null = null;

  private constructor(private readonly o: SmtpSessionOptions) {}

  static async open(o: SmtpSessionOptions): Promise<SmtpSession> {
    const session = new SmtpSession(o);
    try {
      await session.setUp();
    } catch (err) {
      session.destroy(err as Error);
      throw err instanceof SmtpSendError ? new SmtpSendError(err.message, true, err.code) : new SmtpSendError(`connect: ${(err as Error).message}`, true, null);
    }
    return session;
  }

  get pipelining(): boolean {
    return this.extensions.has('PIPELINING');
  }

  get busy(): boolean {
    return this.waiting.length > 0;
  }

  private async setUp() {
    const { o } = this;
    // SNI takes host names only (RFC 6066).
    const servername = isIP(o.host) ? undefined : o.host;
    this.attach(o.security === 'tls' ? tlsConnect({ host: o.host, port: o.port, servername, ...o.tls }) : tcpConnect({ host: o.host, port: o.port }));
    await this.expect([220], 'greeting');
    await this.hello();
    if (o.security === 'starttls') {
      if (!this.extensions.has('STARTTLS')) throw new SmtpSendError('the server does not offer STARTTLS', true, null);
      this.write('STARTTLS\r\n');
      await this.expect([220], 'STARTTLS');
      const plain = this.socket;
      plain.removeAllListeners('data');
      this.attach(tlsConnect({ socket: plain, servername, ...o.tls }));
      await new Promise<void>((resolve, reject) => {
        this.socket.once('secureConnect', resolve);
        this.socket.once('error', reject);
      });
      await this.hello();
    }
    if (o.username) await this.authenticate(o.username, o.password ?? '');
  }

  private attach(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.setTimeout(this.o.timeoutMs ?? 60_000);
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('timeout', () => this.waiting.length > 0 && this.destroy(new SmtpSendError('the server did not answer in time', true, null)));
    socket.on('error', (err) => this.destroy(new SmtpSendError(`connection: ${err.message}`, true, null)));
    socket.on('close', () => this.destroy(new SmtpSendError('the server closed the connection', true, null)));
  }

  private async hello() {
    const name = this.o.name ?? hostname();
    this.write(`EHLO ${name}\r\n`);
    let r = await this.reply();
    if (!ok(r)) {
      this.write(`HELO ${name}\r\n`);
      r = await this.reply();
      if (!ok(r)) throw replyError(r, 'HELO');
    }
    const lines = r.text.split('\n').slice(1).map((l) => l.trim().toUpperCase());
    this.extensions = new Set(lines.map((l) => l.split(/[ =]/)[0]!));
    this.authMechanisms = lines.find((l) => /^AUTH[ =]/.test(l))?.slice(5).split(/\s+/) ?? [];
  }

  private async authenticate(user: string, pass: string) {
    if (!this.authMechanisms.includes('PLAIN') && this.authMechanisms.includes('LOGIN')) {
      this.write('AUTH LOGIN\r\n');
      await this.expect([334], 'AUTH');
      this.write(`${Buffer.from(user).toString('base64')}\r\n`);
      await this.expect([334], 'AUTH');
      this.write(`${Buffer.from(pass).toString('base64')}\r\n`);
    } else {
      this.write(`AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}\r\n`);
    }
    await this.expect([235], 'AUTH');
  }

  private read(chunk: string) {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop()!;
    for (const part of parts) {
      const line = part.endsWith('\r') ? part.slice(0, -1) : part;
      this.lines.push(line.slice(4));
      if (line[3] === '-') continue;
      const reply = { code: Number(line.slice(0, 3)) || 0, text: this.lines.join('\n') };
      this.lines = [];
      const waiter = this.waiting.shift();
      // An answer nobody asked for (421 before closing): the session is over.
      if (!waiter) return this.destroy(replyError(reply, 'unexpected reply'));
      waiter(reply);
    }
  }

  private reply(): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push((r) => (r instanceof Error ? reject(r) : resolve(r))));
  }

  private async expect(codes: number[], stage: string): Promise<Reply> {
    const r = await this.reply();
    if (!codes.includes(r.code)) throw replyError(r, stage);
    return r;
  }

  private write(data: string) {
    if (!this.failure) this.socket.write(data);
  }

  /**
   * Sends one message. `written` settles once its content is on the wire (the next message may
   * then go out on this session); `done` with the server's verdict on it.
   */
  send(envelope: { from: string; to: string }, raw: string): { written: Promise<void>; done: Promise<void> } {
    let release!: () => void;
    const previous = this.turn;
    this.turn = new Promise<void>((r) => (release = r));
    const done = previous.then(() => this.transaction(envelope, raw, release));
    done.catch(() => undefined).finally(release);
    return { written: this.turn, done };
  }

  private async transaction(envelope: { from: string; to: string }, raw: string, release: () => void) {
    if (/[\r\n<>]/.test(envelope.from + envelope.to)) throw new SmtpSendError('invalid envelope address', false, null);
    const utf8 = /[^\x00-\x7f]/.test(envelope.from + envelope.to) && this.extensions.has('SMTPUTF8') ? ' SMTPUTF8' : '';
    const commands = [`MAIL FROM:<${envelope.from}>${utf8}\r\n`, `RCPT TO:<${envelope.to}>\r\n`, 'DATA\r\n'];
    let replies: Reply[];
    if (this.pipelining) {
      const pending = commands.map(() => this.reply());
      this.write(commands.join(''));
      replies = await Promise.all(pending);
    } else {
      replies = [];
      for (const command of commands) {
        const pending = this.reply();
        this.write(command);
        const r = await pending;
        replies.push(r);
        if (!ok(r)) break;
      }
    }
    const [mail, rcpt, data] = replies;
    const refused = [mail, rcpt].find((r) => r && !ok(r));
    if (data?.code === 354 && !refused) {
      const verdict = this.reply();
      this.write(dataBlock(raw));
      // With PIPELINING the next envelope may follow the content before its verdict is in.
      if (this.pipelining) release();
      const r = await verdict;
      if (!ok(r)) throw replyError(r, 'DATA');
      return;
    }
    // A server that asks for content after refusing the envelope: drop the session rather than send it.
    if (data?.code === 354) this.destroy(new SmtpSendError('the server accepted DATA after refusing the envelope', true, null));
    else {
      this.write('RSET\r\n');
      this.reply().catch(() => undefined);
    }
    throw refused ? replyError(refused, refused === mail ? 'MAIL FROM' : 'RCPT TO') : replyError(data!, 'DATA');
  }

  destroy(err: Error, gently = false) {
    if (this.failure) return;
    this.failure = err;
    for (const waiter of this.waiting.splice(0)) waiter(err);
    if (gently) this.socket?.end();
    else this.socket?.destroy();
  }

  /** Says goodbye and closes; anything still unanswered fails as temporary. */
  quit() {
    if (this.failure) return;
    if (!this.busy) this.write('QUIT\r\n');
    this.destroy(new SmtpSendError('the session was closed', true, null), true);
  }
}
