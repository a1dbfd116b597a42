import type { AppContext } from '../../context.js';
import { purgeKeys } from './idempotency.repo.js';

/** Kept answers of idempotent POSTs live a day: long enough for any client retry, short enough to stay small. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

export async function registerIdempotencyPurge(ctx: AppContext): Promise<void> {
  await ctx.queue.work('idempotency-purge', async () => void (await purgeKeys(ctx.db, IDEMPOTENCY_RETENTION_HOURS)));
  await ctx.queue.schedule('idempotency-purge', '41 * * * *');
}
