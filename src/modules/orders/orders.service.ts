import type { AppContext } from '../../context.js';
import type { OrderSource } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { retryUniqueRace } from '../../lib/unique-race.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { getContact } from '../contacts/contacts.service.js';
import { upsertOrderIn, type UpsertOutcome } from './order-write.js';
import * as repo from './orders.repo.js';
import type { ListOrdersQuery, UpsertOrderInput } from './orders.schema.js';

export function presentOrder(o: repo.OrderRow, lines: repo.LineRow[]) {
  return {
    id: o.id, externalId: o.external_id, source: o.source, contactId: o.contact_id,
    customer: { email: o.customer_email, externalId: o.customer_external_id },
    status: o.status, placedAt: o.placed_at, currency: o.currency,
    subtotal: o.subtotal, discount: o.discount, shipping: o.shipping, tax: o.tax, total: o.total, refunded: o.refunded,
    net: Math.round((o.total - o.refunded) * 100) / 100,
    lines: lines.map((l) => ({ position: l.position, productId: l.product_id, adHoc: l.product_id === null, sku: l.sku, name: l.name, category: l.category, quantity: l.quantity, unitPrice: l.unit_price, total: l.total })),
    version: o.source_updated_at, createdAt: o.created_at, updatedAt: o.updated_at,
  };
}
export type OrderOut = ReturnType<typeof presentOrder>;

async function presentMany(ctx: AppContext, workspaceId: number, rows: repo.OrderRow[]): Promise<OrderOut[]> {
  const lines = await repo.listOrderLines(ctx.db, workspaceId, rows.map((r) => r.id));
  return rows.map((r) => presentOrder(r, lines.filter((l) => l.order_id === r.id)));
}

/** Creates or updates an order by its external id (see order-write.ts for the version rule). */
export async function upsertOrder(options: { ctx: AppContext; actor: Actor; input: UpsertOrderInput; source?: OrderSource }): Promise<{ order: OrderOut; outcome: UpsertOutcome }> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'orders:write');
  const { id, outcome } = await retryUniqueRace(() => ctx.db.transaction().execute((trx) => upsertOrderIn(trx, { actor, input, source: options.source ?? 'api' })));
  return { order: await getOrder({ ctx, actor, id }), outcome };
}

export async function getOrder(options: { ctx: AppContext; actor: Actor; id: number }): Promise<OrderOut> {
  const { ctx, actor } = options;
  requirePermission(actor, 'orders:read');
  const row = await repo.findOrder(ctx.db, actor.workspaceId, options.id);
  if (!row) throw AppError.notFound('Order');
  return (await presentMany(ctx, actor.workspaceId, [row]))[0]!;
}

function beforeOf(cursor: string | undefined): [string, number] | undefined {
  const v = decodeCursor(cursor);
  if (!v) return undefined;
  if (v.length !== 2 || typeof v[0] !== 'string' || Number.isNaN(Date.parse(v[0])) || !Number.isSafeInteger(v[1])) throw AppError.invalid({ path: 'cursor', message: 'is not a cursor returned by this API' });
  return [v[0], v[1] as number];
}

export async function listOrders(options: { ctx: AppContext; actor: Actor; query: ListOrdersQuery }) {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'orders:read');
  const rows = await repo.listOrdersPage(ctx.db, { workspaceId: actor.workspaceId, limit: query.limit, before: beforeOf(query.cursor), contactId: query.contactId, status: query.status });
  const page = pageOf(rows, query.limit, (r) => [r.placed_key, r.id]);
  return { data: await presentMany(ctx, actor.workspaceId, page.data), nextCursor: page.nextCursor };
}

/** Lifetime spend of a contact per currency (totals less refunds, cancelled orders left out). */
export async function getContactOrderSummary(options: { ctx: AppContext; actor: Actor; contactId: number }) {
  const { ctx, actor, contactId } = options;
  requirePermission(actor, 'orders:read');
  await getContact({ ctx, actor, id: contactId });
  const rows = await repo.contactSpend(ctx.db, actor.workspaceId, contactId);
  return {
    orders: rows.reduce((n, r) => n + r.orders, 0),
    spend: rows.map((r) => ({ currency: r.currency, orders: r.orders, amount: Math.round(r.spend * 100) / 100 })),
    firstOrderAt: rows.length ? new Date(Math.min(...rows.map((r) => new Date(r.first_order_at).getTime()))) : null,
    lastOrderAt: rows.length ? new Date(Math.max(...rows.map((r) => new Date(r.last_order_at).getTime()))) : null,
  };
}
