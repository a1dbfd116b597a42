import type { AppContext } from '../../context.js';
import { forgetPartitions, ensurePartitions } from './event-partitions.js';
import { deleteOldDefaultRows, dropMonthPartition, listMonthPartitions, listOldDefaultDays, lockMonthPartition, monthBounds } from './event-partitions.repo.js';
import { rollupDays } from './events.repo.js';

const DAY = 86_400_000;

/**
 * The events' housekeeping, hourly: partitions for this month and the next two, daily aggregates
 * of the last two days, and the retention of raw page views: a month older than
 * EVENTS_PAGE_VIEW_RETENTION_MONTHS is rolled up into web_event_daily once more (its backfilled
 * rows included) and its page-view partition dropped. Custom events and sessions are kept.
 */
export async function maintainEvents(ctx: AppContext, now = new Date()): Promise<{ created: string[]; dropped: string[] }> {
  const before = new Set(await listMonthPartitions(ctx.db));
  const ahead = [0, 1, 2].map((i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1)));
  await ensurePartitions(ctx.db, ahead);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  await ctx.db.transaction().execute((trx) => rollupDays(trx, new Date(today - DAY), new Date(today + DAY)));

  const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - ctx.config.EVENTS_PAGE_VIEW_RETENTION_MONTHS, 1));
  const dropped: string[] = [];
  for (const p of await listMonthPartitions(ctx.db)) {
    const [half, month] = p.split(':') as ['pv' | 'ev', string];
    const { from, to } = monthBounds(month);
    if (half !== 'pv' || to > cutoff) continue;
    await ctx.db.transaction().execute(async (trx) => {
      await lockMonthPartition(trx, 'pv', month);
      await rollupDays(trx, from, to);
      await dropMonthPartition(trx, 'pv', month);
    });
    dropped.push(p);
  }
  await ctx.db.transaction().execute(async (trx) => {
    // Only the days the default partition holds are rolled up again: a range from the oldest page
    // view anywhere would re-count months whose raw rows are already dropped, and wipe their counts
    // (seen when another process, or another test file, had older page views in a partition).
    for (const day of await listOldDefaultDays(trx, 'pv', cutoff)) await rollupDays(trx, day, new Date(day.getTime() + DAY));
    await deleteOldDefaultRows(trx, 'pv', cutoff);
  });
  if (dropped.length) forgetPartitions(ctx.db);
  const after = await listMonthPartitions(ctx.db);
  return { created: after.filter((p) => !before.has(p)), dropped };
}

export async function registerEventsMaintenance(ctx: AppContext): Promise<void> {
  await ctx.queue.work('events-maintenance', async () => void (await maintainEvents(ctx)));
  await ctx.queue.schedule('events-maintenance', '7 * * * *');
}
