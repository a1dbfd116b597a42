import type { AppContext } from '../context.js';
import { analyzeDatabase } from '../db/maintenance.js';

/**
 * PGlite runs without autovacuum, so nothing refreshes the planner's statistics as tables grow;
 * stale statistics turn index walks into scans and sorts. An hourly ANALYZE keeps plans right.
 * PostgreSQL's autovacuum already does this, so there it is not scheduled.
 */
export async function registerMaintenance(ctx: AppContext): Promise<void> {
  if (ctx.database.kind !== 'pglite') return;
  await ctx.queue.work('maintenance', async () => analyzeDatabase(ctx.db));
  await ctx.queue.schedule('maintenance', '23 * * * *');
}
