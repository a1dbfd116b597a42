import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirBusyError, LOCK_FILE, readLiveOwner, type LockOwner } from './data-dir-lock.js';
import { processStartToken } from './process-identity.js';
import { socketPathFor } from './socket-path.js';

const root = mkdtempSync(join(tmpdir(), 'rapport-lock-'));
let n = 0;
const freshDir = () => join(root, `d${++n}`);
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A live process that is not Rapport, to stand in for a reused pid or a foreign owner. */
async function liveStranger(): Promise<number> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((r) => child.once('spawn', r));
  return child.pid!;
}

function writeLock(dir: string, owner: Partial<LockOwner>, ageMs = 0) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const full: LockOwner = { pid: 1, hostname: hostname(), processStart: null, startedAt: new Date().toISOString(), role: 'server', command: 'serve', socket: null, nonce: 'other', ...owner };
  writeFileSync(path, JSON.stringify(full));
  if (ageMs) utimesSync(path, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
}

const neverWait = { role: 'cli' as const, command: 'test', waitFor: () => false };

describe('data dir lock', () => {
  it('has one owner: a second open, even in the same process, is refused naming the owner; release frees it', async () => {
    const dir = freshDir();
    const lock = await acquireDataDirLock(dir, { role: 'server', command: 'serve' });
    expect(lock.previous).toBeNull();
    const owner = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, hostname: hostname(), role: 'server', processStart: processStartToken(process.pid) });
    expect(readLiveOwner(dir)?.pid).toBe(process.pid);
    const busy = await acquireDataDirLock(dir, neverWait).catch((e) => e);
    expect(busy).toBeInstanceOf(DataDirBusyError);
    expect(busy.message).toContain(`pid ${process.pid}`);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    (await acquireDataDirLock(dir, neverWait)).release();
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = freshDir();
    const dead = spawn('true');
    await new Promise((r) => dead.once('exit', r));
    writeLock(dir, { pid: dead.pid!, socket: join(dir, 'rapport.sock') });
    writeFileSync(join(dir, 'rapport.sock'), '');
    const lock = await acquireDataDirLock(dir, neverWait);
    expect(readLiveOwner(dir)?.nonce).toBe(lock.owner.nonce);
    expect(lock.previous?.pid).toBe(dead.pid);
    expect(existsSync(join(dir, 'rapport.sock'))).toBe(false); // the killed server's socket went with it
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another program, and respects the live owner', async () => {
    const pid = await liveStranger();
    const reused = freshDir();
    writeLock(reused, { pid, processStart: 'linux:1' }); // the owner started at another time
    (await acquireDataDirLock(reused, neverWait)).release();

    const owned = freshDir();
    writeLock(owned, { pid, processStart: processStartToken(pid) });
    const busy = await acquireDataDirLock(owned, neverWait).catch((e) => e);
    expect(busy).toBeInstanceOf(DataDirBusyError);
    expect(busy.owner.pid).toBe(pid);
  });

  it('takes over our own pid left by an earlier process (pid 1 in a restarted container)', async () => {
    const dir = freshDir();
    writeLock(dir, { pid: process.pid, processStart: processStartToken(process.pid) });
    (await acquireDataDirLock(dir, neverWait)).release();
  });

  it('judges a lock of another host by its heartbeat, and junk by its age', async () => {
    const fresh = freshDir();
    writeLock(fresh, { pid: 4242, hostname: 'elsewhere' });
    expect(await acquireDataDirLock(fresh, neverWait).catch((e) => e)).toBeInstanceOf(DataDirBusyError);
    const silent = freshDir();
    writeLock(silent, { pid: 4242, hostname: 'elsewhere' }, 120_000);
    (await acquireDataDirLock(silent, neverWait)).release();
    const junk = freshDir();
    mkdirSync(junk);
    writeFileSync(join(junk, LOCK_FILE), '{"half');
    utimesSync(join(junk, LOCK_FILE), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    (await acquireDataDirLock(junk, neverWait)).release();
  });

  it('waits for a CLI command that holds the dir, telling once who it waits for', async () => {
    const dir = freshDir();
    const pid = await liveStranger();
    writeLock(dir, { pid, processStart: processStartToken(pid), role: 'cli', command: 'import contacts' });
    const told: number[] = [];
    const waiting = acquireDataDirLock(dir, { role: 'server', command: 'serve', onWait: (o) => told.push(o.pid) });
    await new Promise((r) => setTimeout(r, 700));
    rmSync(join(dir, LOCK_FILE)); // the command finished
    const lock = await waiting;
    expect(told).toEqual([pid]);
    lock.release();
  });

  it('lets exactly one of several racing processes take over a stale lock', async () => {
    const dir = freshDir();
    writeLock(dir, { pid: 999_999 });
    const script = `
      const { acquireDataDirLock } = await import(${JSON.stringify(new URL('./data-dir-lock.ts', import.meta.url).pathname)});
      try { await acquireDataDirLock(${JSON.stringify(dir)}, { role: 'cli', command: 'race', waitFor: () => false }); console.log('won'); await new Promise((r) => setTimeout(r, 1500)); }
      catch (err) { console.log(err.constructor.name); }`;
    const results = await Promise.all(Array.from({ length: 4 }, () => new Promise<string>((resolve) => {
      const child = spawn('node', ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('exit', () => resolve(out.trim()));
    })));
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r === 'DataDirBusyError')).toHaveLength(3);
  });
});

describe('control socket path', () => {
  it('lives in the data dir, or in a private temporary dir when the path is too long for a socket', () => {
    expect(socketPathFor('/srv/rapport/data')).toBe('/srv/rapport/data/rapport.sock');
    const long = `/srv/${'x'.repeat(120)}`;
    const fallback = socketPathFor(long, root);
    expect(fallback.startsWith(join(root, 'rapport-control-'))).toBe(true);
    expect(() => socketPathFor(long, `/tmp/${'y'.repeat(120)}`)).toThrow(/too long/);
  });
});
