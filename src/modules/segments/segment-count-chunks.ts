import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { runInBackground } from '../../db/mutex.js';
import { BatchPacer } from '../imports/batch-pacer.js';
import { treeContactsQuery, type CompileEnv } from './segment-compiler.js';
import { countsFromEvents } from './segment-count.js';
import type { SegmentNode } from './segment-tree.schema.js';

/**
 * PGlite has one connection, and a statement on it cannot be interrupted: a count that reads every
 * contact (an anniversary, an OR with a field) held it for ~250 ms at 100k contacts, and every
 * request arriving meanwhile waited (issue 7 §5: a simple read's p99 306 ms). Over a workspace
 * whose contacts span more than CHUNKED_ABOVE ids, such a count runs as background work in
 * contact-id ranges, one statement each, so requests go first between ranges. Each range is a
 * contacts_pkey range scan with the tree's conditions; the ranges are sized like import batches,
 * by time (about PGLITE_CHUNK_BUDGET_MS each). The ranges are separate statements, not one
 * snapshot: a contact written during the count is counted as of its range's statement, as a count
 * taken a moment earlier or later would have counted it.
 *
 * Trees counted from the events alone (segment-count.ts) are not chunked: their arms are index
 * scans on timeline_kind_time_idx, which a contact-id range would not narrow.
 * Returns null when the count should run as one statement.
 */
export async function countInIdRanges(db: Executor, env: CompileEnv, tree: SegmentNode, stack: number[]): Promise<number | null> {
  if (countsFromEvents(tree)) return null;
  const query = treeContactsQuery(db, env, tree, stack); // compiles, so checks, before anything runs
  // Two probes of contacts_ws_id_idx.
  const { rows: [span] } = await sql<{ lo: number | null; hi: number | null }>`
    select min(id) as lo, max(id) as hi from contacts where workspace_id = ${env.workspaceId}`.execute(db);
  if (span.lo === null || span.hi === null || span.hi - span.lo < CHUNKED_ABOVE) return null;
  const { lo, hi } = { lo: Number(span.lo), hi: Number(span.hi) };
  const pacer = new BatchPacer({ initial: 10_000, min: 1_000, max: 1_000_000, budgetMs: PGLITE_CHUNK_BUDGET_MS });
  return runInBackground(async () => {
    let total = 0;
    for (let from = lo; from <= hi; ) {
      const to = from + pacer.size;
      const started = performance.now();
      const range = query.where('c.id', '>=', from).where('c.id', '<', to);
      const { rows } = await sql<{ n: number }>`select count(*) as n from (${range}) as s`.execute(db);
      pacer.record(pacer.size, performance.now() - started);
      total += Number(rows[0].n);
      from = to;
    }
    return total;
  });
}

/** Contact-id spans above this are counted in ranges on PGlite (below, one statement is quick). */
export const CHUNKED_ABOVE = 20_000;
const PGLITE_CHUNK_BUDGET_MS = 40;
