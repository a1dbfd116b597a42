import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pidAlive, processStartToken } from './process-identity.js';
import { releaseSocketPath } from './socket-path.js';

/**
 * One owner process per PGlite data dir. PGlite is a single-user PostgreSQL: two processes on the
 * same files corrupt them (btree errors, a dir that no longer opens), so whoever opens the dir
 * first holds `rapport.lock` until it closes; a server lets the others in through its control
 * socket (src/control/control-server.ts).
 */
export const LOCK_FILE = 'rapport.lock';
const TAKEOVER_FILE = 'rapport.lock.takeover';
const HEARTBEAT_MS = 10_000;
// A pid means nothing on another host (a shared disk): there, an owner that stopped refreshing
// its lock for this long is gone.
const FOREIGN_STALE_MS = 60_000;
// A takeover guard or unreadable lock is written in one step, so one this old was left by a crash.
const JUNK_STALE_MS = 10_000;
const POLL_MS = 200;

export type OwnerRole = 'server' | 'cli';

export interface LockOwner {
  pid: number;
  hostname: string;
  /** Identifies the process beyond its pid, which the system may reuse after a crash. */
  processStart: string | null;
  startedAt: string;
  role: OwnerRole;
  command: string;
  /** Where a server's control socket listens, once it does. */
  socket: string | null;
  nonce: string;
}

export function describeOwner(owner: LockOwner): string {
  const who = owner.role === 'server' ? 'the Rapport server' : `the command "rapport ${owner.command}"`;
  const where = owner.hostname === hostname() ? '' : ` on host ${owner.hostname}`;
  return `${who} (pid ${owner.pid}${where}, since ${owner.startedAt})`;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(`The data dir ${dataDir} is in use by ${describeOwner(owner)}`);
  }
}

export interface AcquireOptions {
  role: OwnerRole;
  command: string;
  /** Wait for this live owner to finish instead of failing; by default CLI commands are waited for, as they end on their own. */
  waitFor?: (owner: LockOwner) => boolean;
  /** Told once per owner that is being waited for. */
  onWait?: (owner: LockOwner) => void;
}

export interface DataDirLock {
  readonly dataDir: string;
  readonly owner: LockOwner;
  /** The owner whose stale lock this one replaced: it stopped without closing (kill -9, power loss). */
  readonly previous: LockOwner | null;
  setSocket(socket: string | null): void;
  release(): void;
}

interface LockFile {
  owner: LockOwner | null;
  mtimeMs: number;
}

const held = new Map<string, DataDirLock>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireDataDirLock(dataDir: string, options: AcquireOptions): Promise<DataDirLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  const dir = fs.realpathSync(dataDir);
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid, hostname: hostname(), processStart: processStartToken(process.pid), startedAt: new Date().toISOString(),
    role: options.role, command: options.command, socket: null, nonce: randomBytes(8).toString('hex'),
  };
  const waitFor = options.waitFor ?? ((o: LockOwner) => o.role === 'cli');
  let announced: string | undefined;
  let previous: LockOwner | null = null;
  for (;;) {
    const mine = held.get(dir);
    if (mine) throw new DataDirBusyError(dir, mine.owner); // this very process has it open
    if (writeNew(path, owner)) return hold(dir, path, owner, previous);
    const current = readLock(path);
    if (!current) continue; // released meanwhile
    if (isStale(current)) {
      if (takeOver(dir, current)) previous = current.owner;
      else await sleep(POLL_MS);
      continue;
    }
    const live = current.owner!;
    if (!waitFor(live)) throw new DataDirBusyError(dir, live);
    if (announced !== live.nonce) options.onWait?.(live);
    announced = live.nonce;
    await sleep(POLL_MS);
  }
}

/** The live owner of a data dir, if any (a stale lock counts as none). */
export function readLiveOwner(dataDir: string): LockOwner | null {
  const current = readLock(join(dataDir, LOCK_FILE));
  return current && !isStale(current) ? current.owner : null;
}

function hold(dir: string, path: string, owner: LockOwner, previous: LockOwner | null): DataDirLock {
  const ours = () => readLock(path)?.owner?.nonce === owner.nonce;
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      if (ours()) fs.utimesSync(path, now, now);
    } catch {
      // a missed beat is harmless: only a lock silent for a minute counts as stale, and only on another host
    }
  }, HEARTBEAT_MS).unref();
  const release = () => {
    clearInterval(heartbeat);
    process.off('exit', release);
    if (held.get(dir)?.owner !== owner) return;
    held.delete(dir);
    if (ours()) fs.rmSync(path, { force: true });
  };
  // A process that dies without closing (uncaught error) still frees the dir; kill -9 cannot, and
  // leaves a stale lock for the next owner to take over.
  process.on('exit', release);
  const lock: DataDirLock = {
    dataDir: dir,
    owner,
    previous,
    setSocket(socket) {
      owner.socket = socket;
      if (!ours()) return;
      const tmp = `${path}.${owner.nonce}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(owner), { mode: 0o600 });
      fs.renameSync(tmp, path); // readers see the old or the new file, never half of one
    },
    release,
  };
  held.set(dir, lock);
  return lock;
}

/**
 * Creates the lock file only if none exists, fully written before it becomes visible: the content
 * goes to a private file that is then hard-linked to the lock name (link fails if the name exists).
 */
function writeNew(path: string, owner: LockOwner): boolean {
  const tmp = `${path}.${owner.pid}.${owner.nonce}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(owner), { mode: 0o600 });
  try {
    fs.linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
    return createExclusive(path, owner); // a file system without hard links
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function createExclusive(path: string, owner: LockOwner): boolean {
  try {
    fs.writeFileSync(path, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function readLock(path: string): LockFile | null {
  try {
    const mtimeMs = fs.statSync(path).mtimeMs;
    const text = fs.readFileSync(path, 'utf8');
    let owner: LockOwner | null = null;
    try {
      const parsed = JSON.parse(text);
      if (Number.isInteger(parsed?.pid) && typeof parsed.nonce === 'string') owner = parsed;
    } catch {
      // junk: judged by its age below
    }
    return { owner, mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function isStale({ owner, mtimeMs }: LockFile): boolean {
  if (!owner) return Date.now() - mtimeMs > JUNK_STALE_MS;
  if (owner.hostname !== hostname()) return Date.now() - mtimeMs > FOREIGN_STALE_MS;
  // Our own pid but not our lock: a previous process with the same pid (pid 1 in a restarted container).
  if (owner.pid === process.pid) return ![...held.values()].some((l) => l.owner.nonce === owner.nonce);
  if (!pidAlive(owner.pid)) return true;
  // Alive, but started at another time than the owner did: the pid was reused by another program.
  const start = owner.processStart ? processStartToken(owner.pid) : null;
  return start !== null && start !== owner.processStart;
}

/**
 * Removes a stale lock so the caller can try again. Only one process at a time may do so (the
 * takeover guard), and only if the lock is still the stale one it read: otherwise two processes
 * could each remove the other's fresh lock and both believe they own the dir.
 */
function takeOver(dir: string, stale: LockFile): boolean {
  const guard = join(dir, TAKEOVER_FILE);
  if (!createExclusive(guard, { pid: process.pid } as LockOwner)) {
    const age = Date.now() - (fs.statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > JUNK_STALE_MS) fs.rmSync(guard, { force: true });
    return false;
  }
  try {
    const path = join(dir, LOCK_FILE);
    const again = readLock(path);
    const same = again && (again.owner ? again.owner.nonce === stale.owner?.nonce : again.mtimeMs === stale.mtimeMs);
    if (same) {
      fs.rmSync(path, { force: true });
      if (stale.owner?.socket) releaseSocketPath(stale.owner.socket); // the killed server's socket
    }
    return true;
  } finally {
    fs.rmSync(guard, { force: true });
  }
}
