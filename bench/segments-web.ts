import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { ensurePartitions } from '../src/modules/events/event-partitions.js';
import type { SegmentNode } from '../src/modules/segments/segment-tree.schema.js';

type BenchSegment = { name: string; tree: SegmentNode; handWritten: (ws: number) => RawBuilder<{ n: number }> };

/** Contacts with at least `min` matching web events, by hand: web_events → visitors, grouped. */
const webCount = (ws: number, where: RawBuilder<unknown>, min: number) => sql<{ n: number }>`select count(*) as n from (select v.contact_id from web_events e
  join visitors v on v.id = e.visitor_id where e.workspace_id = ${ws} and v.contact_id is not null and ${where} group by v.contact_id having count(*) >= ${min}) s`;

/**
 * Website and API behaviour (issue 12 §6) in the segments bench: the "visited" and "tracked"
 * conditions over web_events, each with the SQL one would write by hand for its count.
 */
export const WEB_SEGMENTS: BenchSegment[] = [
  {
    name: 'visited /pricing* 3+ times in 30 days',
    tree: { type: 'visited', urlPattern: '/pricing*', minCount: 3, withinDays: 30 },
    handWritten: (ws) => webCount(ws, sql`e.page and e.name = 'page_view' and e.path ilike '/pricing%' and e.occurred_at >= now() - interval '30 days'`, 3),
  },
  {
    name: 'visited https://shop.example/product/* in 7 days',
    tree: { type: 'visited', urlPattern: 'https://shop.example/product/*', withinDays: 7 },
    handWritten: (ws) => webCount(ws, sql`e.page and e.name = 'page_view' and e.url ilike 'https://shop.example/product/%' and e.occurred_at >= now() - interval '7 days'`, 1),
  },
  {
    name: 'tracked Added to Cart, value > 400, in 90 days',
    tree: { type: 'tracked', name: 'Added to Cart', withinDays: 90, where: [{ property: 'value', op: 'gt', value: 400 }] },
    handWritten: (ws) => webCount(ws, sql`not e.page and e.name = 'Added to Cart' and e.occurred_at >= now() - interval '90 days'
      and jsonb_typeof(e.properties -> 'value') = 'number' and (e.properties ->> 'value')::numeric > 400`, 1),
  },
  {
    name: 'tracked Signed Up with plan = pro (ever)',
    tree: { type: 'tracked', name: 'Signed Up', where: [{ property: 'plan', op: 'eq', value: 'pro' }] },
    handWritten: (ws) => webCount(ws, sql`not e.page and e.name = 'Signed Up' and e.properties -> 'plan' = '"pro"'::jsonb`, 1),
  },
];

/**
 * A visitor for four contacts in five (plus as many anonymous ones again as a tenth of the
 * contacts) and `events` web events over the last year: 70% page views over a spread of paths
 * (`/pricing` about 6%), 30% custom events of five names with properties. Month partitions are
 * made first, as the events job does, so rows route to their month.
 */
export async function seedWebEvents(ctx: AppContext, actor: Actor, opts: { events: number; log?: (m: string) => void }) {
  const { db } = ctx;
  const ws = actor.workspaceId;
  if (opts.events <= 0) return;
  const now = Date.now();
  await ensurePartitions(db, Array.from({ length: 14 }, (_, i) => new Date(now - i * 28 * 86_400_000)));
  const { rows: [c] } = await sql<{ lo: number; hi: number }>`select min(id) as lo, max(id) as hi from contacts where workspace_id = ${ws}`.execute(db);
  await sql`insert into visitors (workspace_id, anonymous_id, contact_id, first_seen_at, last_seen_at)
    select ${ws}, 'a' || id, id, now() - interval '1 year', now() from contacts where workspace_id = ${ws} and id % 5 <> 0`.execute(db);
  await sql`insert into visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at)
    select ${ws}, 'anon' || g, now() - interval '1 year', now() from generate_series(1, greatest(1, (${c.hi}::bigint - ${c.lo}::bigint) / 10)) g`.execute(db);
  const { rows: [v] } = await sql<{ lo: number; n: number }>`select min(id) as lo, count(*) as n from visitors where workspace_id = ${ws}`.execute(db);
  const chunk = 1_000_000;
  for (let from = 1; from <= opts.events; from += chunk) {
    const to = Math.min(opts.events, from + chunk - 1);
    await sql`insert into web_events (workspace_id, event_id, visitor_id, page, name, occurred_at, url, path, properties)
      select ${ws}, 'w' || g, ${v.lo}::bigint + abs(hashint4(g)::bigint) % ${v.n}, x.page,
        case when x.page then 'page_view' else (array['Signed Up','Added to Cart','Added to Cart','Checkout Started','Video Played'])[1 + (g / 10) % 5] end,
        now() - make_interval(secs => abs(hashint8(g::bigint)::bigint) % 31536000),
        case when x.page then 'https://shop.example' || x.path end, case when x.page then x.path end,
        case when x.page then '{}'::jsonb else jsonb_build_object('value', (g * 37) % 500, 'sku', 'SKU-' || (g % 200), 'plan', (array['free','pro','team'])[1 + (g / 7) % 3]) end
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select g % 10 < 7 as page, case when g % 50 < 3 then '/pricing' when g % 50 = 3 then '/pricing/enterprise'
        when g % 50 < 20 then '/product/' || (g % 200) when g % 50 < 35 then '/blog/post-' || (g % 300) else '/' end as path) x`.execute(db);
    opts.log?.(`web events ${to}/${opts.events}`);
  }
  await sql`vacuum analyze visitors`.execute(db);
  await sql`vacuum analyze web_events`.execute(db);
}
