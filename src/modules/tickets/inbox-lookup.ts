import type { AppContext } from '../../context.js';
import { cachePerOwner } from '../../lib/ttl-cache.js';
import { findInboxByAddress, inboxAddresses, type InboxRow } from './inboxes.repo.js';

// Every inbound message reads its inbox by address twice (RCPT and delivery) and the answer rarely
// changes: a change by another process counts within 10 s, and inboxes.service clears this
// process's cache when it changes one. Unknown addresses are cached too; the cache starts over at
// 10,000 addresses.
const cache = cachePerOwner<string, InboxRow | undefined>(10_000);

/** The inbox an address routes to (findInboxByAddress), cached: for inbound routing, never for the settings pages. */
export function inboxByAddress(ctx: AppContext, address: string): Promise<InboxRow | undefined> {
  const key = address.trim().toLowerCase();
  return cache(ctx.db).get(key, () => findInboxByAddress(ctx.db, key));
}

// The mail-loop check asks of every sender whether it is one of our inboxes; each new sender would
// cost a read. Instead the set of all inbox addresses is read once per 10 s (an installation has
// few inboxes; past ADDRESS_SET_LIMIT the check reads by address again).
const ADDRESS_SET_LIMIT = 10_000;
const addressSets = cachePerOwner<'all', Set<string> | null>(10_000, 1);

/** Whether `address` is one of the installation's inbox addresses (a mail from it would loop). */
export async function isInboxAddress(ctx: AppContext, address: string): Promise<boolean> {
  const all = await addressSets(ctx.db).get('all', async () => {
    const list = await inboxAddresses(ctx.db, ADDRESS_SET_LIMIT);
    return list.length > ADDRESS_SET_LIMIT ? null : new Set(list);
  });
  return all ? all.has(address.trim().toLowerCase()) : !!(await inboxByAddress(ctx, address));
}

export const forgetInboxes = (ctx: AppContext) => {
  cache(ctx.db).clear();
  addressSets(ctx.db).clear();
};
