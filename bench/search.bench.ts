import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { listContacts } from '../src/modules/contacts/contacts.service.js';
import { listContactsQuery } from '../src/modules/contacts/contacts.schema.js';
import { fmt, ratio, timeRuns } from './stats.js';

// What the list returns per contact, written by hand: the raw baseline of every case below.
const SELECT = `select c.id, c.first_name, c.last_name, c.full_name, c.email, c.phone, c.job_title, c.birthday, c.company_id, co.name as company_name,
  c.owner_id, u.name as owner_name, c.tags, c.custom, c.created_at, c.updated_at
  from contacts c left join companies co on co.id = c.company_id left join users u on u.id = c.owner_id where c.workspace_id = $1`;
const NEWEST = 'order by c.updated_at desc, c.id desc limit 51';
const BY_NAME = 'order by lower(c.full_name), c.id limit 51';
const text = (where: string, order = NEWEST) => `${SELECT} and ${where} ${order}`;
const WORDS = `(c.search @@ to_tsquery('simple', $2) or c.notes_search @@ to_tsquery('simple', $2))`;

/**
 * The list and search requests people make most, timed through the service (no HTTP), each
 * beside the same page fetched with hand-written SQL on the same engine.
 */
const CASES: { name: string; query: Record<string, string>; raw: string; tsquery?: string; after?: boolean }[] = [
  { name: 'list, newest first (page 1)', query: {}, raw: `${SELECT} ${NEWEST}` },
  { name: 'list, by name, page 1', query: { sort: 'name', order: 'asc' }, raw: `${SELECT} ${BY_NAME}` },
  { name: 'list, by name, page 50 (cursor)', query: { sort: 'name', order: 'asc', deep: '50' }, raw: text('(lower(c.full_name), c.id) > ($2, $3)', BY_NAME), after: true },
  { name: 'search a surname prefix (lars)', query: { q: 'lars' }, raw: text(WORDS), tsquery: `'lars':*` },
  { name: 'search an email domain (example7.com)', query: { q: 'example7.com' }, raw: text(WORDS), tsquery: `'example7.com':*` },
  { name: 'search two words (anna lar)', query: { q: 'anna lar' }, raw: text(WORDS), tsquery: `'anna':* & 'lar':*` },
  { name: 'filter by tag (vip)', query: { tag: 'vip' }, raw: text(`c.tags @> array['vip']`) },
  { name: 'filter custom number range (score ≥ 90)', query: { filters: JSON.stringify([{ field: 'custom.score', op: 'gte', value: 90 }]) }, raw: text(`(c.custom ->> 'score')::numeric >= 90`) },
];

export async function benchSearch(ctx: AppContext, actor: Actor, runs: number) {
  const results: Record<string, string | number>[] = [];
  for (const c of CASES) {
    const { deep, ...raw } = c.query;
    const base = listContactsQuery.parse({ limit: '50', ...raw });
    let cursor: string | undefined;
    let last: { full_name: string; id: number } | undefined;
    // A deep page: follow the cursor, then time fetching the page it points at.
    for (let i = 0; i < Number(deep ?? 0); i++) {
      const page = await listContacts({ ctx, actor, query: { ...base, cursor } });
      cursor = page.nextCursor ?? undefined;
      const end = page.data.at(-1);
      if (end) last = { full_name: end.fullName, id: end.id };
    }
    let rows = 0;
    const t = await timeRuns(runs, async () => {
      rows = (await listContacts({ ctx, actor, query: { ...base, cursor } })).data.length;
    });
    const params = c.after && last ? [actor.workspaceId, last.full_name.toLowerCase(), last.id] : c.tsquery ? [actor.workspaceId, c.tsquery] : [actor.workspaceId];
    const r = await timeRuns(runs, () => ctx.database.raw.executeSql(c.raw, params));
    results.push({ request: c.name, rows, 'raw SQL p50': fmt(r.p50), p50: fmt(t.p50), p95: fmt(t.p95), 'vs raw': ratio(r.p50, t.p50) });
  }
  return results;
}
