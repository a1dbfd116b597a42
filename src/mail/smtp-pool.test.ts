import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { dataBlock, SmtpSendError } from './smtp-connection.js';
import { smtpPool } from './smtp-pool.js';

interface Got { from: string; to: string; raw: string }

const servers: SMTPServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

/** A real SMTP server: refuses recipients whose local part names a code ("r451@…"), keeps the rest. */
async function server(options: Partial<SMTPServerOptions> = {}) {
  const got: Got[] = [];
  const commands: string[] = [];
  const s = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onRcptTo(address, _session, cb) {
      const code = /^r(\d{3})@/.exec(address.address)?.[1];
      if (!code) return cb();
      cb(Object.assign(new Error(`refused ${code}`), { responseCode: Number(code) }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (raw.includes('REJECT-ME')) return cb(Object.assign(new Error('content refused'), { responseCode: 554 }));
        got.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo[0]!.address, raw });
        cb();
      });
    },
    ...options,
  });
  s.on('error', () => {});
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  servers.push(s);
  const port = (s.server.address() as { port: number }).port;
  return { port, got, commands, server: s };
}

const account = (port: number, extra: object = {}) => ({ host: '127.0.0.1', port, security: 'none' as const, username: null, password: null, maxConnections: 2, ...extra });
const message = (i: number) => `From: <a@x.test>\r\nTo: <b${i}@y.test>\r\nSubject: n${i}\r\n\r\nline one of ${i}\r\n.starts with a dot\r\n..two dots\r\n`;
const settle = (p: Promise<void>) => p.then(() => 'ok', (e: SmtpSendError) => e);

describe('smtpPool', () => {
  it('delivers many messages over pipelined sessions, each intact and to its own recipient', async () => {
    const sink = await server();
    const pool = smtpPool(account(sink.port));
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => pool.send({ from: `bounce+${i}@x.test`, to: `b${i}@y.test` }, message(i))));
    pool.close();
    expect(results).toHaveLength(60);
    expect(sink.got).toHaveLength(60);
    for (const g of sink.got) {
      const i = Number(/^b(\d+)@/.exec(g.to)![1]);
      expect(g.from).toBe(`bounce+${i}@x.test`);
      expect(g.raw).toBe(message(i));
    }
  });

  it('fails a 4xx as temporary and a 5xx as permanent without disturbing the messages around them', async () => {
    const sink = await server();
    const pool = smtpPool(account(sink.port, { maxConnections: 1 }));
    const sends = ['b1@y.test', 'r451@y.test', 'b2@y.test', 'r550@y.test', 'b3@y.test', 'b4@y.test'].map((to, i) => settle(pool.send({ from: 'a@x.test', to }, `${message(i)}${to === 'b3@y.test' ? 'REJECT-ME\r\n' : ''}`)));
    const [a, temp, b, perm, rejected, c] = await Promise.all(sends);
    pool.close();
    expect([a, b, c]).toEqual(['ok', 'ok', 'ok']);
    expect(temp).toMatchObject({ temporary: true, code: 451 });
    expect((temp as Error).message).toContain('refused 451');
    expect(perm).toMatchObject({ temporary: false, code: 550 });
    expect(rejected).toMatchObject({ temporary: false, code: 554 });
    expect(sink.got.map((g) => g.to).sort()).toEqual(['b1@y.test', 'b2@y.test', 'b4@y.test']);
  });

  it('sends one command at a time to a server without PIPELINING, and authenticates', async () => {
    const users: string[] = [];
    const sink = await server({
      hidePIPELINING: true, authOptional: false, authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _s, cb) {
        users.push(`${auth.username}:${auth.password}`);
        cb(null, { user: auth.username });
      },
    });
    const pool = smtpPool(account(sink.port, { username: 'u', password: 'p w' }));
    const out = await Promise.all([1, 2, 3, 4].map((i) => settle(pool.send({ from: 'a@x.test', to: i === 3 ? 'r552@y.test' : `b${i}@y.test` }, message(i)))));
    pool.close();
    expect(out).toEqual(['ok', 'ok', expect.objectContaining({ code: 552 }), 'ok']);
    expect(sink.got).toHaveLength(3);
    expect(users.every((u) => u === 'u:p w')).toBe(true);
  });

  it('upgrades with STARTTLS when the account asks for it', async () => {
    const sink = await server({ disabledCommands: [] });
    const pool = smtpPool(account(sink.port, { security: 'starttls' }), { rejectUnauthorized: false });
    await pool.send({ from: 'a@x.test', to: 'b1@y.test' }, message(1));
    pool.close();
    expect(sink.got[0]!.raw).toBe(message(1));
  });

  it('fails the waiting messages as temporary when no session can be opened', async () => {
    const sink = await server();
    await new Promise<void>((r) => sink.server.close(() => r()));
    servers.length = 0;
    const pool = smtpPool(account(sink.port));
    const out = await Promise.all([1, 2, 3].map((i) => settle(pool.send({ from: 'a@x.test', to: `b${i}@y.test` }, message(i)))));
    pool.close();
    for (const e of out) expect(e).toMatchObject({ temporary: true, code: null });
  });

  it('refuses an envelope address that could inject a command', async () => {
    const sink = await server();
    const pool = smtpPool(account(sink.port));
    const out = await settle(pool.send({ from: 'a@x.test', to: 'b@y.test>\r\nRCPT TO:<c@z.test' }, message(1)));
    const next = await settle(pool.send({ from: 'a@x.test', to: 'b2@y.test' }, message(2)));
    pool.close();
    expect(out).toMatchObject({ temporary: false });
    expect(next).toBe('ok');
    expect(sink.got.map((g) => g.to)).toEqual(['b2@y.test']);
  });
});

describe('dataBlock', () => {
  it('stuffs leading dots, normalises bare LFs and ends with the lone dot', () => {
    expect(dataBlock('.a\r\nb\n.c')).toBe('..a\r\nb\r\n..c\r\n.\r\n');
    expect(dataBlock('a\r\n')).toBe('a\r\n.\r\n');
  });
});
