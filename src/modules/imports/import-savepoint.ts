import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

/** SQLSTATE classes 22 (data exception) and 23 (integrity violation) belong to rows, not to the job. */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/**
 * Runs one row's writes under a savepoint: a value PostgreSQL refuses undoes that row only and
 * comes back as its message; any other error is the job's and is thrown.
 */
export async function writeRow(trx: Executor, write: () => Promise<void>): Promise<string | null> {
  await sql`savepoint import_row`.execute(trx);
  try {
    await write();
    await sql`release savepoint import_row`.execute(trx);
    return null;
  } catch (err) {
    if (!isDataError(err)) throw err;
    await sql`rollback to savepoint import_row`.execute(trx);
    return `could not be saved: ${(err as Error).message}`;
  }
}
