import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** Refreshes the planner's statistics of every table. */
export async function analyzeDatabase(db: Executor): Promise<void> {
  await sql`analyze`.execute(db);
}
