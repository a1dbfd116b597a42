import { closeContext, createContext } from '../boot.js';
import { connectToOwner, remoteOps } from '../control/control-client.js';
import { DataDirBusyError, describeOwner, type LockOwner } from '../control/data-dir-lock.js';
import { localOps, type RapportOps } from '../control/operations.js';
import type { AppContext } from '../context.js';
import { config } from './main.js';

/**
 * Runs a CLI command that touches the database. On a PGlite data dir only one process may have
 * it open: the command takes the dir's lock for its duration (waiting for another CLI command
 * that holds it), or, when a server owns the dir, sends its operations through the server's
 * control socket. `server` is that server, or null when the command ran here.
 */
export async function withRapport(command: string, fn: (ops: RapportOps, server: LockOwner | null) => Promise<void>): Promise<void> {
  const onWait = (owner: LockOwner) => console.error(`Waiting for ${describeOwner(owner)} to finish with the data dir…`);
  // Ctrl-C exits through the 'exit' handlers, which free the dir for the next owner at once.
  const interrupted = () => process.exit(130);
  process.once('SIGINT', interrupted);
  try {
    return await runCommand(command, fn, onWait);
  } finally {
    process.off('SIGINT', interrupted);
  }
}

async function runCommand(command: string, fn: (ops: RapportOps, server: LockOwner | null) => Promise<void>, onWait: (owner: LockOwner) => void) {
  const cfg = config();
  for (;;) {
    let ctx;
    try {
      ctx = await createContext(cfg, { queue: false, lock: { role: 'cli', command, onWait } });
    } catch (err) {
      if (!(err instanceof DataDirBusyError) || err.owner.role !== 'server') throw err;
      const found = await connectToOwner(err.dataDir, (owner) => console.error(`Waiting for ${describeOwner(owner)} to finish starting…`));
      if (!found) continue; // the server stopped meanwhile: take the lock instead
      return fn(remoteOps(found.client), found.owner);
    }
    const previous = ctx.database.lock?.previous;
    if (previous) console.error(`Took over the data dir from ${describeOwner(previous)}, which stopped without closing it.`);
    try {
      return await fn(localOps(ctx, { queueImports: false }), null);
    } finally {
      await closeContext(ctx);
    }
  }
}

/**
 * Runs a maintenance command that has no control route (DDL such as segment indexes): it takes
 * the data dir's lock for its duration, and refuses while a server owns the dir, naming it.
 */
export async function withLocalContext(command: string, fn: (ctx: AppContext) => Promise<void>): Promise<void> {
  let ctx: AppContext;
  try {
    ctx = await createContext(config(), { queue: false, lock: { role: 'cli', command, onWait: (owner) => console.error(`Waiting for ${describeOwner(owner)} to finish with the data dir…`) } });
  } catch (err) {
    if (err instanceof DataDirBusyError && err.owner.role === 'server') {
      throw new Error(`${err.message}. Stop that server (kill ${err.owner.pid}) and run \`rapport ${command}\` again.`);
    }
    throw err;
  }
  try {
    await fn(ctx);
  } finally {
    await closeContext(ctx);
  }
}
