import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { GroupCommit } from '../../lib/group-commit.js';
import type { Actor } from '../auth/permissions.js';
import { IntakeRecords } from './intake-records.js';

/** Mails a shared transaction carries at most. */
const GROUP_MAX = 64;
/**
 * How long a transaction waits for as many mails as the one before it carried: SMTP senders
 * send their next mail only after the 250, so they come back one by one (GroupCommit.gatherMs).
 * Measured with 8 connections: without it, groups alternated between 7 mails and 1.
 */
const GATHER_MS = 5;

/** One intake's work inside a transaction; its timeline events and audit entries go into `records`. */
export type FileIntake<R> = (trx: Executor, records: IntakeRecords) => Promise<R>;

interface Filing<R> {
  actor: Actor;
  file: FileIntake<R>;
  result?: R;
}

/**
 * Group commit for intake on PGlite. PGlite is one connection whose every statement runs on the
 * event loop's thread, and a transaction per mail paid BEGIN and COMMIT (the commit writes the
 * WAL to the data dir) for each one. Mails that arrive while a transaction is running wait for
 * it and then go into the next one together; a caller's promise resolves only after the commit,
 * so the SMTP 250 (or the webhook's 200) still means "stored". If a shared transaction fails,
 * nothing of it was committed and each of its mails is filed again alone, so only the bad mail
 * fails (451: its sender retries). PostgreSQL keeps a transaction per mail: with a pool, mails
 * are filed side by side, and grouping them would serialise them.
 */
class IntakeWriter {
  private readonly group: GroupCommit<Filing<unknown>>;

  constructor(private readonly ctx: AppContext) {
    this.group = new GroupCommit((filings) => this.write(filings), { lanes: 1, maxWeight: GROUP_MAX, gatherTurn: true, gatherMs: GATHER_MS, retrySingly: true });
  }

  async file<R>(actor: Actor, file: FileIntake<R>): Promise<R> {
    const filing: Filing<R> = { actor, file };
    await this.group.add(filing as Filing<unknown>);
    return filing.result as R;
  }

  settled(): Promise<void> {
    return this.group.settled();
  }

  private write(filings: Filing<unknown>[]): Promise<void> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const records: IntakeRecords[] = [];
      for (const f of filings) {
        const own = new IntakeRecords(f.actor);
        records.push(own);
        f.result = await f.file(trx, own);
      }
      await IntakeRecords.writeAll(trx, records);
    });
  }
}

const writers = new WeakMap<AppContext, IntakeWriter>();

/**
 * Runs `file` and writes its records in a transaction of its own (PostgreSQL) or in one shared
 * with the mails arriving with it (PGlite); resolves once that transaction has committed.
 */
export function fileInTransaction<R>(ctx: AppContext, actor: Actor, file: FileIntake<R>): Promise<R> {
  if (ctx.database.kind !== 'pglite') {
    return ctx.db.transaction().execute(async (trx) => {
      const records = new IntakeRecords(actor);
      const result = await file(trx, records);
      await records.write(trx);
      return result;
    });
  }
  let writer = writers.get(ctx);
  if (!writer) writers.set(ctx, (writer = new IntakeWriter(ctx)));
  return writer.file(actor, file);
}

/** Resolves once every mail handed to the group commit has been written (shutdown, tests). */
export const intakeSettled = (ctx: AppContext): Promise<void> => writers.get(ctx)?.settled() ?? Promise.resolve();
