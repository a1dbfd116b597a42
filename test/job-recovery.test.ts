import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { closeContext, createContext } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { newWorkspace } from './factories.js';

/**
 * Issue 7 §4: a server killed with -9 in the middle of an import, then started again, finishes
 * that import with exactly the file's rows — on PGlite through the boot recovery of jobs left
 * active, on PostgreSQL through the job's lease running out — within 90 s of the restart.
 */
const ROWS = 10_000;
const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const dir = mkdtempSync(join(tmpdir(), 'rapport-jobs-'));
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? '',
  DATA_DIR: join(dir, 'data'),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  SECRET_KEY: 'job-recovery-secret-key-of-at-least-32-chars',
};
const servers: ChildProcess[] = [];
const logs: string[] = [];

afterAll(async () => {
  for (const s of servers) if (s.exitCode === null) s.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, seen?: () => unknown): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(seen?.())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startServer(port: number): Promise<ChildProcess> {
  const server = spawn('node', ['bin/rapport.js', 'serve'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  servers.push(server);
  let stderr = '';
  logs.push('');
  server.stderr!.on('data', (d) => {
    stderr += d;
    logs[logs.length - 1] = stderr;
  });
  await until('the server to answer /healthz', 60_000, async () => {
    if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}: ${stderr}`);
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok || undefined;
  }).catch((err) => Promise.reject(server.exitCode !== null ? new Error(`server exited ${server.exitCode}: ${stderr}`) : err));
  return server;
}

const exited = (p: ChildProcess) => new Promise((resolve) => (p.exitCode !== null ? resolve(p.exitCode) : p.once('exit', resolve)));

describe(`a job interrupted by kill -9 (${engine})`, () => {
  it('is retried after the restart and the import completes with exactly the file\'s rows', async () => {
    const seed = await createContext(loadConfig(env), { queue: false });
    const ws = await newWorkspace(seed, 'Crash test');
    const key = await ws.apiKey('admin');
    await closeContext(seed);
    const auth = { authorization: `Bearer ${key}` };

    const port = await freePort();
    const api = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${port}/api/v1${path}`, { ...init, headers: { ...auth, ...init.headers } });
    const first = await startServer(port);
    const csv = ['email,first name', ...Array.from({ length: ROWS }, (_, i) => `p${i}@crash.test,Person ${i}`)].join('\n');
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'crash.csv');
    form.append('mapping', JSON.stringify({ email: 'email', 'first name': 'firstName' }));
    const created = await api('/imports', { method: 'POST', body: form });
    expect(created.status).toBe(201);
    const importId = (await created.json()).id as number;
    const progress = async () => (await api(`/imports/${importId}`)).json() as Promise<{ status: string; processed: number; created: number; failed: number; totalRows: number | null }>;

    const before = await until('the import to commit its first batches', 60_000, async () => {
      const p = await progress();
      return p.processed >= 1000 ? p : undefined;
    });
    first.kill('SIGKILL');
    await exited(first);
    expect(before.status).toBe('running');
    expect(before.processed).toBeLessThan(ROWS);

    const restarted = Date.now();
    const second = await startServer(port);
    const upAfter = Date.now() - restarted;
    let last: unknown;
    const done = await until('the import to complete after the restart', 90_000 - (Date.now() - restarted), async () => {
      const p = await progress();
      last = { ...p, afterMs: Date.now() - restarted, serverLog: logs.at(-1)?.slice(-2000) };
      return p.status === 'completed' ? p : undefined;
    }, () => last);
    console.log(`${engine}: killed at ${before.processed} rows; serving again after ${upAfter} ms; import completed ${Date.now() - restarted} ms after the restart`);
    expect(Date.now() - restarted).toBeLessThan(90_000);
    expect(done).toMatchObject({ processed: ROWS, created: ROWS, failed: 0, totalRows: ROWS });
    second.kill('SIGTERM');
    await exited(second);

    // Counted in the database itself: no row lost, none written twice.
    const check = await createContext(loadConfig(env), { queue: false });
    try {
      const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(check.db)).rows[0].n);
      expect(await count(sql`select count(*) as n from contacts where workspace_id = ${ws.id}`)).toBe(ROWS);
      expect(await count(sql`select count(distinct lower(email)) as n from contacts where workspace_id = ${ws.id} and email like '%@crash.test'`)).toBe(ROWS);
      expect(await count(sql`select count(*) as n from timeline_events where workspace_id = ${ws.id} and kind = 'imported'`)).toBe(ROWS);
    } finally {
      await closeContext(check);
    }
  }, 300_000);
});
