import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import type { SegmentNode } from '../src/modules/segments/segment-tree.schema.js';

/**
 * Order conditions (issue 12 §6) in the segments bench: orders and lines seeded beside the
 * contacts and events, and the typical order segments with the SQL one would write by hand.
 */
export const ORDER_SEGMENTS: { name: string; tree: SegmentNode; handWritten: (ws: number) => RawBuilder<{ n: number }> }[] = [
  {
    name: 'orders: spent ≥ 200 EUR in 365 days',
    tree: { type: 'orders', metric: 'spend', op: 'gte', value: 200, currency: 'EUR', withinDays: 365 },
    handWritten: (ws) => sql`select count(*) as n from (select contact_id from orders where workspace_id = ${ws} and contact_id is not null and status <> 'cancelled'
      and currency = 'EUR' and placed_at >= now() - interval '365 days' group by contact_id having sum(total - refunded) >= 200) s`,
  },
  {
    name: 'orders: 3+ orders, last one over 180 days ago',
    tree: { type: 'and', children: [{ type: 'orders', metric: 'count', op: 'gte', value: 3 }, { type: 'lastOrder', op: 'notInLast', days: 180 }] },
    handWritten: (ws) => sql`select count(*) as n from (select contact_id from orders where workspace_id = ${ws} and contact_id is not null and status <> 'cancelled'
      group by contact_id having count(*) >= 3 and max(placed_at) < now() - interval '180 days') s`,
  },
  {
    name: 'orders: bought category Tea in 90 days, vip',
    tree: { type: 'and', children: [{ type: 'tags', op: 'hasAny', tags: ['vip'] }, { type: 'bought', category: 'tea', withinDays: 90 }] },
    handWritten: (ws) => sql`select count(*) as n from contacts c where c.workspace_id = ${ws} and c.tags && array['vip'] and c.id in (select o.contact_id from order_lines l
      join orders o on o.id = l.order_id where l.workspace_id = ${ws} and lower(l.category) = 'tea' and o.status <> 'cancelled' and o.placed_at >= now() - interval '90 days')`,
  },
  {
    name: 'orders: 2+ orders in 90 days',
    tree: { type: 'orders', metric: 'count', op: 'gte', value: 2, withinDays: 90 },
    handWritten: (ws) => sql`select count(*) as n from (select contact_id from orders where workspace_id = ${ws} and contact_id is not null and status <> 'cancelled'
      and placed_at >= now() - interval '90 days' group by contact_id having count(*) >= 2) s`,
  },
  {
    name: 'orders: last order in the last 30 days',
    tree: { type: 'lastOrder', op: 'inLast', days: 30 },
    handWritten: (ws) => sql`select count(distinct contact_id) as n from orders where workspace_id = ${ws} and contact_id is not null and status <> 'cancelled'
      and placed_at >= now() - interval '30 days'`,
  },
  {
    name: 'orders: bought SKU-7 (ever)',
    tree: { type: 'bought', sku: 'SKU-7' },
    handWritten: (ws) => sql`select count(distinct o.contact_id) as n from order_lines l join orders o on o.id = l.order_id
      where l.workspace_id = ${ws} and l.sku = 'SKU-7' and o.contact_id is not null and o.status <> 'cancelled'`,
  },
];

/**
 * About one order per two contacts (a third of contacts buy, some often), each with one or two
 * lines over four categories, spread over two years; set-based like the contacts and events.
 */
export async function seedOrderData(ctx: AppContext, actor: Actor, opts: { orders: number; log?: (m: string) => void }) {
  const { db } = ctx;
  const ws = actor.workspaceId;
  const { rows: [c] } = await sql<{ lo: number; n: number }>`select min(id) as lo, count(*) as n from contacts where workspace_id = ${ws}`.execute(db);
  const buyers = Math.max(1, Math.floor(c.n / 3));
  const chunk = 500_000;
  for (let from = 1; from <= opts.orders; from += chunk) {
    const to = Math.min(opts.orders, from + chunk - 1);
    await sql`insert into orders (workspace_id, external_id, source, contact_id, status, placed_at, currency, subtotal, total, refunded, source_updated_at, payload_hash)
      select ${ws}, 'b' || g, 'api', ${c.lo}::bigint + (abs(hashint4(g)::bigint) % ${buyers}) * 3,
        (array['paid','fulfilled','fulfilled','cancelled','partially_refunded','refunded'])[1 + g % 6],
        now() - make_interval(secs => abs(hashint8(g::bigint)::bigint) % 63072000),
        case when g % 10 = 0 then 'USD' else 'EUR' end, (g * 37) % 300, (g * 37) % 300,
        case when g % 6 = 4 then ((g * 37) % 300) / 2 when g % 6 = 5 then (g * 37) % 300 else 0 end, now(), 'x'
      from generate_series(${from}::int, ${to}::int) g`.execute(db);
    log(opts, `orders ${to}/${opts.orders}`);
  }
  await sql`insert into order_lines (workspace_id, order_id, position, sku, name, category, quantity, unit_price, total)
    select ${ws}, o.id, p, 'SKU-' || ((o.id + p) % 200), 'Item', (array['Tea','Coffee','Kitchen','Books'])[1 + (o.id + p) % 4], 1, o.total, o.total
    from orders o cross join generate_series(0, 1) p where o.workspace_id = ${ws} and (p = 0 or o.id % 2 = 0)`.execute(db);
  await sql`vacuum analyze orders`.execute(db);
  await sql`vacuum analyze order_lines`.execute(db);
}

const log = (o: { log?: (m: string) => void }, m: string) => o.log?.(m);
