import type { AppContext } from '../../context.js';
import { cachePerOwner } from '../../lib/ttl-cache.js';
import { findInboxByAddress, type InboxRow } from './inboxes.repo.js';

// Every inbound message reads its inbox by address three times (RCPT, delivery, and the sender,
// for mail loops) and the answer rarely changes: a change by another process counts within 10 s,
// and inboxes.service clears this process's cache when it changes one. Unknown addresses (each
// sender's) are cached too; the cache starts over at 10,000 addresses.
const cache = cachePerOwner<string, InboxRow | undefined>(10_000);

/** The inbox an address routes to (findInboxByAddress), cached: for inbound routing, never for the settings pages. */
export function inboxByAddress(ctx: AppContext, address: string): Promise<InboxRow | undefined> {
  const key = address.trim().toLowerCase();
  return cache(ctx.db).get(key, () => findInboxByAddress(ctx.db, key));
}

export const forgetInboxes = (ctx: AppContext) => cache(ctx.db).clear();
