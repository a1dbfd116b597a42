import { sql } from 'kysely';
import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { runQueued } from '../src/modules/bulk/bulk-run.js';
import { insertOperation, selectionQuery } from '../src/modules/bulk/bulk.repo.js';
import { MAX_SELECTION } from '../src/modules/bulk/bulk.schema.js';
import { ratio } from './stats.js';

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * A bulk tag of every contact of the workspace, the way the job runs it (the selection frozen,
 * then batches of 2,000 in a transaction each, with a tag_added timeline event per contact and
 * progress recorded per batch), beside the raw baseline: one plain UPDATE … SET tags = … of the
 * same rows, no events, no batches.
 */
export async function benchBulk(ctx: AppContext, actor: Actor) {
  const ws = actor.workspaceId;
  const started = process.hrtime.bigint();
  const selection = selectionQuery(ctx.db, { workspaceId: ws, searchNotes: false, defs: [] });
  const op = await insertOperation(ctx.db, {
    workspaceId: ws, actor, action: 'tag', params: { type: 'tag', tags: ['bulk-bench'] }, status: 'queued', selection, limit: MAX_SELECTION + 1,
  });
  await runQueued(ctx, ws, op.id);
  const bulkSeconds = seconds(started);

  const rawStart = process.hrtime.bigint();
  await sql`update contacts set tags = tags || array['raw-bench'] where workspace_id = ${ws} and not tags @> array['raw-bench']`.execute(ctx.db);
  const rawSeconds = seconds(rawStart);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts where workspace_id = ${ws} and tags @> array['bulk-bench', 'raw-bench']`.execute(ctx.db);
  if (Number(rows[0].n) !== op.total) throw new Error(`bulk bench: ${rows[0].n} of ${op.total} contacts carry both tags`);

  const rate = op.total / bulkSeconds;
  const rawRate = op.total / rawSeconds;
  return [
    { case: `bulk tag of ${op.total.toLocaleString('en')} contacts (job path)`, seconds: bulkSeconds.toFixed(2), 'rows/s': Math.round(rate).toLocaleString('en'), 'raw UPDATE rows/s': Math.round(rawRate).toLocaleString('en'), 'vs raw': ratio(rate, rawRate) },
  ];
}
