import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../lib/app-error.js';
import { currencySchema } from '../deals/deals.schema.js';
import { addDays } from './segment-dates.js';
import { not, type Cond } from './segment-predicates.js';

/**
 * Order conditions (issue 12 §6), compiled into the segment's one query. Cancelled orders never
 * count; spend is totals less refunds, in one currency (sums across currencies mean nothing).
 *
 * Plans (orders_contact_idx: workspace_id, contact_id, placed_at desc, include status, total,
 * refunded): "at least N / spend ≥ X" groups the window's orders once (index-only) and joins the
 * contacts as a hash semi-join; a condition that a contact without orders meets ("fewer than 2
 * orders") is the anti-join of its complement. "Bought" walks order_lines_sku_idx or
 * order_lines_category_idx to the orders, then their contacts.
 */
const withinDays = z.number().int().min(1).max(3650).optional().describe('Only orders placed in the last N days; absent: ever');
export const ordersNode = z.object({
  type: z.literal('orders'),
  metric: z.enum(['count', 'spend']).describe('count: orders placed; spend: their totals less refunds'),
  op: z.enum(['gte', 'gt', 'lte', 'lt', 'eq']),
  value: z.number().min(0).max(1e12),
  currency: currencySchema.optional().describe('Required for spend: orders in other currencies are left out'),
  withinDays,
});
export const lastOrderNode = z.object({
  type: z.literal('lastOrder'),
  op: z.enum(['before', 'after', 'inLast', 'notInLast']).describe('before/after a date (YYYY-MM-DD); in / not in the last N days. A contact without orders has no last order: every op is false for them'),
  value: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').optional(),
  days: z.number().int().min(1).max(3650).optional(),
});
export const boughtNode = z.object({
  type: z.literal('bought'),
  sku: z.string().trim().min(1).max(100).optional().describe('A product SKU (ad-hoc lines with that SKU count too)'),
  category: z.string().trim().min(1).max(200).optional().describe('A category, any case'),
  withinDays,
});
export type OrdersNode = z.infer<typeof ordersNode>;
export type LastOrderNode = z.infer<typeof lastOrderNode>;
export type BoughtNode = z.infer<typeof boughtNode>;
export type OrderNode = OrdersNode | LastOrderNode | BoughtNode;

const bad = (path: string, message: string) => AppError.invalid({ path, message });
const CMP = { gte: '>=', gt: '>', lte: '<=', lt: '<', eq: '=' } as const;
const holds = (op: OrdersNode['op'], a: number, b: number) => ({ gte: a >= b, gt: a > b, lte: a <= b, lt: a < b, eq: a === b })[op];
const since = (now: Date, days: number) => sql`${new Date(now.getTime() - days * 86_400_000).toISOString()}::timestamptz`;

export function compileOrderNode(node: OrderNode, o: { workspaceId: number; now: Date; path: string; neg: boolean }): Cond {
  const ws = o.workspaceId;
  const live = sql<SqlBool>`o.workspace_id = ${ws} and o.contact_id is not null and o.status <> 'cancelled'`;
  let pos: Cond;
  switch (node.type) {
    case 'orders': {
      if (node.metric === 'spend' && !node.currency) throw bad(`${o.path}.currency`, 'give the currency the spend is counted in');
      const window = node.withinDays ? sql<SqlBool>` and o.placed_at >= ${since(o.now, node.withinDays)}` : sql<SqlBool>``;
      const currency = node.metric === 'spend' ? sql<SqlBool>` and o.currency = ${node.currency}` : sql<SqlBool>``;
      const agg = node.metric === 'count' ? sql`count(*)` : sql`sum(o.total - o.refunded)`;
      const zeroMeets = holds(node.op, 0, node.value);
      // Contacts whose orders meet the test, or, when no orders meet it too, those whose orders fail it.
      const having = zeroMeets ? sql`not (${agg} ${sql.raw(CMP[node.op])} ${node.value}::numeric)` : sql`${agg} ${sql.raw(CMP[node.op])} ${node.value}::numeric`;
      const grouped = sql`select o.contact_id from orders o where ${live}${window}${currency} group by o.contact_id having ${having}`;
      const inGroup = sql<SqlBool>`exists (select 1 from (${grouped}) as g where g.contact_id = c.id)`;
      pos = zeroMeets ? sql<SqlBool>`not ${inGroup}` : inGroup;
      break;
    }
    case 'lastOrder': {
      const at = lastOrderBound(node, o.now, o.path);
      const any = (cond: Cond) => sql<SqlBool>`exists (select 1 from orders o where ${live} and o.contact_id = c.id and ${cond})`;
      // "Last order after X" is "some order after X"; "last order before X" is "orders, none after X".
      pos = node.op === 'after' || node.op === 'inLast'
        ? any(sql<SqlBool>`o.placed_at >= ${at}`)
        : sql<SqlBool>`(${any(sql<SqlBool>`true`)} and not ${any(sql<SqlBool>`o.placed_at >= ${at}`)})`;
      break;
    }
    case 'bought': {
      if (!node.sku === !node.category) throw bad(`${o.path}.sku`, 'give either a SKU or a category');
      const line = node.sku ? sql<SqlBool>`l.sku = ${node.sku}` : sql<SqlBool>`lower(l.category) = ${node.category!.toLowerCase()}`;
      const window = node.withinDays ? sql<SqlBool>` and o.placed_at >= ${since(o.now, node.withinDays)}` : sql<SqlBool>``;
      pos = sql<SqlBool>`exists (select 1 from order_lines l join orders o on o.id = l.order_id where l.workspace_id = ${ws} and ${line} and ${live}${window} and o.contact_id = c.id)`;
      break;
    }
  }
  return o.neg ? not(pos) : pos;
}

/** The instant a lastOrder condition compares with: the start of the day after `value` for "after". */
function lastOrderBound(node: LastOrderNode, now: Date, path: string) {
  if (node.op === 'before' || node.op === 'after') {
    if (!node.value || Number.isNaN(Date.parse(node.value))) throw bad(`${path}.value`, 'give a date as YYYY-MM-DD');
    return sql`${`${node.op === 'after' ? addDays(node.value, 1) : node.value}T00:00:00Z`}::timestamptz`;
  }
  if (!node.days) throw bad(`${path}.days`, 'give the number of days');
  return since(now, node.days);
}

/** An order as the reference evaluator sees it. */
export interface EvalOrder {
  status: string;
  placedAt: Date;
  currency: string;
  total: number;
  refunded: number;
  lines: { sku: string | null; category: string | null }[];
}

/** The meaning of each condition, written from the words rather than the SQL (segment-evaluator.ts). */
export function evaluateOrderNode(node: OrderNode, orders: EvalOrder[], now: Date): boolean {
  const live = orders.filter((x) => x.status !== 'cancelled');
  const inWindow = (x: EvalOrder, days?: number) => days === undefined || x.placedAt.getTime() >= now.getTime() - days * 86_400_000;
  switch (node.type) {
    case 'orders': {
      const mine = live.filter((x) => inWindow(x, node.withinDays) && (node.metric === 'count' || x.currency === node.currency));
      const value = node.metric === 'count' ? mine.length : mine.reduce((n, x) => n + x.total - x.refunded, 0);
      return holds(node.op, Math.round(value * 100) / 100, node.value);
    }
    case 'lastOrder': {
      if (live.length === 0) return false;
      const last = Math.max(...live.map((x) => x.placedAt.getTime()));
      const bound = node.op === 'before' || node.op === 'after'
        ? Date.parse(`${node.op === 'after' ? addDays(node.value!, 1) : node.value}T00:00:00Z`)
        : now.getTime() - node.days! * 86_400_000;
      return node.op === 'after' || node.op === 'inLast' ? last >= bound : last < bound;
    }
    case 'bought':
      return live.some((x) => inWindow(x, node.withinDays) && x.lines.some((l) => (node.sku ? l.sku === node.sku : l.category?.toLowerCase() === node.category!.toLowerCase())));
  }
}
