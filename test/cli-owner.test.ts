import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, healthy, rapport, startRapport, stopServer, type RunningRapport } from './processes.js';

// One PGlite data dir, one owner process: real `rapport` processes against a temporary DATA_DIR, in
// both orders of start and after a kill -9 (issue 7 §1). PGlite only: PostgreSQL has its own locking.
const dir = mkdtempSync(join(tmpdir(), 'rapport-owner-'));
const dataDir = join(dir, 'data');
const lockFile = join(dataDir, 'rapport.lock');
let env: NodeJS.ProcessEnv;
let key: string;
const running: RunningRapport[] = [];

beforeAll(async () => {
  env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(await freePort()) };
});
afterAll(() => {
  running.forEach((p) => p.child.kill('SIGKILL'));
  rmSync(dir, { recursive: true, force: true });
});

const lockOwner = () => JSON.parse(readFileSync(lockFile, 'utf8'));
const api = (path: string) => fetch(`http://127.0.0.1:${env.PORT}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
const contactEmails = async () => ((await (await api('/contacts?limit=100')).json()) as { data: { email: string }[] }).data.map((c) => c.email).sort();

/** `rapport serve`, once it answers /healthz; killed after the file whatever happens. */
async function serve() {
  const server = startRapport(env, 'serve');
  running.push(server);
  await healthy(server, env);
  return server;
}

describe('one owner per PGlite data dir', { timeout: 240_000 }, () => {
  it('a server first: every CLI command goes through it, and the server sees what they wrote', async () => {
    const server = await serve();
    expect(lockOwner()).toMatchObject({ pid: server.child.pid, role: 'server', socket: join(dataDir, 'rapport.sock') });
    expect(statSync(join(dataDir, 'rapport.sock')).mode & 0o777).toBe(0o600);

    expect((await rapport(env, 'migrate')).stdout).toContain(`migrated by the server, pid ${server.child.pid}`);
    const owner = await rapport(env, 'users', 'create', '--email', 'owner@example.com', '--password', 'a long passphrase 9', '--workspace-name', 'Owned');
    expect(owner.stdout).toMatch(/Created workspace \d+ "Owned" and owner owner@example.com/);
    key = (await rapport(env, 'apikeys', 'create', '--name', 'Through the server')).stdout.match(/rk_[\w-]+/)![0];
    expect((await api('/contacts')).status).toBe(200); // the server knows the key the CLI made

    const csv = join(dir, 'first.csv');
    writeFileSync(csv, 'Email,First name\nada@example.com,Ada\nnot-an-email,Bad\ngrace@example.com,Grace\n');
    const imported = await rapport(env, 'import', 'contacts', csv);
    expect(imported.stdout).toMatch(/Import \d+: 2 columns/);
    expect(imported.stdout).toContain('created 2, updated 0; 1 of 3 rows failed');
    expect(readFileSync(`${csv}.errors.csv`, 'utf8')).toContain('3,email');
    expect(await contactEmails()).toEqual(['ada@example.com', 'grace@example.com']);
    expect((await rapport(env, 'export', 'contacts')).stdout).toContain('grace@example.com');

    // A second server cannot go through the first one: it refuses, naming it.
    const second = await rapport(env, 'serve').catch((e) => e);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`in use by the Rapport server (pid ${server.child.pid}`);
    expect(second.stderr).toContain(`kill ${server.child.pid}`);

    expect(await stopServer(server)).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('a CLI command first: a server started meanwhile waits for it, naming its pid, then starts', async () => {
    const cli = startRapport(env, 'import', 'contacts', '-'); // holds the dir while it reads stdin
    running.push(cli);
    await waitUntil(() => existsSync(lockFile) && lockOwner().pid === cli.child.pid);
    expect(lockOwner()).toMatchObject({ role: 'cli', command: 'import contacts' });

    const server = startRapport(env, 'serve');
    running.push(server);
    await server.waitFor(new RegExp(`in use by the command \\\\"rapport import contacts\\\\" \\(pid ${cli.child.pid}`));
    await expect(fetch(`http://127.0.0.1:${env.PORT}/healthz`)).rejects.toThrow();

    cli.child.stdin.end('Email,First name\nalan@example.com,Alan\nedsger@example.com,Edsger\n');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('created 2');
    await healthy(server, env);
    expect(await contactEmails()).toEqual(['ada@example.com', 'alan@example.com', 'edsger@example.com', 'grace@example.com']);
  });

  it('after a kill -9 of the owner, the next server or command takes the stale lock over and finds every acknowledged write', async () => {
    const server = running.at(-1)!;
    const users = await rapport(env, 'users', 'create', '--email', 'sam@example.com', '--password', 'a long passphrase 9', '--role', 'sales');
    expect(users.stdout).toContain('Created sales sam@example.com');
    // Killed in the middle of writing an import that a CLI sends through it.
    const big = join(dir, 'big.csv');
    writeFileSync(big, `Email,First name\n${Array.from({ length: 20_000 }, (_, i) => `p${i}@big.example,P${i}\n`).join('')}`);
    const importing = startRapport(env, 'import', 'contacts', big);
    running.push(importing);
    await importing.waitFor(/Import \d+: 2 columns/);
    await new Promise((r) => setTimeout(r, 1000));
    server.child.kill('SIGKILL');
    await server.exited;
    expect(await importing.exited).not.toBe(0);
    expect(importing.output()).toContain('closed the control connection before the command finished');
    expect(lockOwner().pid).toBe(server.child.pid); // left behind

    // A server takes the dir over...
    const restarted = await serve();
    expect(restarted.output()).toContain(`Took over the data dir from the Rapport server (pid ${server.child.pid}`);
    expect((await api('/contacts')).status).toBe(200);
    const through = (await rapport(env, 'export', 'contacts')).stdout;
    for (const email of ['ada', 'alan', 'edsger', 'grace']) expect(through).toContain(`${email}@example.com`);
    const again = await rapport(env, 'users', 'create', '--email', 'sam@example.com', '--password', 'a long passphrase 9', '--role', 'sales').catch((e) => e);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('email: a user with this email already exists');

    // ...and so does a CLI command.
    restarted.child.kill('SIGKILL');
    await restarted.exited;
    const exported = await rapport(env, 'export', 'contacts');
    expect(exported.stderr).toContain(`Took over the data dir from the Rapport server (pid ${restarted.child.pid}`);
    for (const email of ['ada', 'alan', 'edsger', 'grace']) expect(exported.stdout).toContain(`${email}@example.com`);
    expect(existsSync(lockFile)).toBe(false); // taken over, then released
  });

  it('creates another workspace through the server, owned by an existing user', async () => {
    const server = await serve();
    const created = await rapport(env, 'workspaces', 'create', '--name', 'Client two', '--owner', 'owner@example.com');
    expect(created.stdout).toMatch(/Created workspace \d+ "Client two", owned by owner@example.com/);
    const login = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${env.PORT}` }, body: JSON.stringify({ email: 'owner@example.com', password: 'a long passphrase 9' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const mine = (await (await fetch(`http://127.0.0.1:${env.PORT}/api/v1/workspaces`, { headers: { cookie } })).json()) as { data: { name: string; role: string }[] };
    expect(mine.data.map((w) => [w.name, w.role])).toEqual([['Owned', 'owner'], ['Client two', 'owner']]);
    await stopServer(server);
  });
});

async function waitUntil(ok: () => boolean, ms = 60_000) {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
