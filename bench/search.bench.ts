import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { listContacts } from '../src/modules/contacts/contacts.service.js';
import { listContactsQuery } from '../src/modules/contacts/contacts.schema.js';
import { fmt, timeRuns } from './stats.js';

/** The list and search requests people make most, timed through the service (no HTTP). */
const CASES: { name: string; query: Record<string, string> }[] = [
  { name: 'list, newest first (page 1)', query: {} },
  { name: 'list, by name, page 1', query: { sort: 'name', order: 'asc' } },
  { name: 'list, by name, page 50 (cursor)', query: { sort: 'name', order: 'asc', deep: '50' } },
  { name: 'search a surname prefix', query: { q: 'lars' } },
  { name: 'search an email domain', query: { q: 'example7.com' } },
  { name: 'search two words', query: { q: 'anna lar' } },
  { name: 'filter by tag', query: { tag: 'vip' } },
  { name: 'filter custom number range', query: { filters: JSON.stringify([{ field: 'custom.score', op: 'gte', value: 90 }]) } },
];

export async function benchSearch(ctx: AppContext, actor: Actor, runs: number) {
  const results: Record<string, string | number>[] = [];
  for (const c of CASES) {
    const { deep, ...raw } = c.query;
    const base = listContactsQuery.parse({ limit: '50', ...raw });
    let cursor: string | undefined;
    // A deep page: follow the cursor once, then time fetching the page it points at.
    for (let i = 0; i < Number(deep ?? 0); i++) cursor = (await listContacts({ ctx, actor, query: { ...base, cursor } })).nextCursor ?? undefined;
    let rows = 0;
    const t = await timeRuns(runs, async () => {
      rows = (await listContacts({ ctx, actor, query: { ...base, cursor } })).data.length;
    });
    results.push({ request: c.name, rows, p50: fmt(t.p50), p95: fmt(t.p95) });
  }
  return results;
}
