import { sql, type Selectable, type SqlBool } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { OrdersTable, OrderStatus } from '../../db/schema.js';

/** An order's columns as the upsert writes them (all of them: every version is the whole order). */
export type OrderWrite = Omit<Selectable<OrdersTable>, 'id' | 'workspace_id' | 'created_at' | 'updated_at'>;

export interface LineWrite {
  position: number;
  product_id: number | null;
  sku: string | null;
  name: string;
  category: string | null;
  quantity: number;
  unit_price: number;
  total: number;
}

const ORDER_COLUMNS = [
  'id', 'external_id', 'source', 'contact_id', 'customer_email', 'customer_external_id', 'status', 'placed_at', 'currency',
  'subtotal', 'discount', 'shipping', 'tax', 'total', 'refunded', 'source_updated_at', 'payload_hash', 'created_at', 'updated_at',
] as const;

export function findOrder(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('orders').select(ORDER_COLUMNS).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
export type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

/** The order of an external id, locked until the transaction ends so concurrent upserts queue. */
export function lockOrderByExternalId(db: Executor, workspaceId: number, externalId: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').select(ORDER_COLUMNS).where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).forUpdate().executeTakeFirst();
}

/** Inserts unless another writer got there first (then undefined: lock and compare instead). */
export async function insertOrder(db: Executor, workspaceId: number, w: OrderWrite): Promise<number | undefined> {
  const row = await db.insertInto('orders').values({ workspace_id: workspaceId, ...w })
    .onConflict((oc) => oc.columns(['workspace_id', 'external_id']).doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

export async function updateOrder(db: Executor, workspaceId: number, id: number, w: OrderWrite): Promise<void> {
  await db.updateTable('orders').set({ ...w, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function setOrderVersion(db: Executor, workspaceId: number, id: number, version: Date): Promise<void> {
  await db.updateTable('orders').set({ source_updated_at: version }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** An order's lines are replaced as a whole: every version of an order carries all of them. */
export async function replaceOrderLines(db: Executor, workspaceId: number, orderId: number, lines: LineWrite[]): Promise<void> {
  await db.deleteFrom('order_lines').where('workspace_id', '=', workspaceId).where('order_id', '=', orderId).execute();
  if (lines.length) await db.insertInto('order_lines').values(lines.map((l) => ({ workspace_id: workspaceId, order_id: orderId, ...l }))).execute();
}

export function listOrderLines(db: Executor, workspaceId: number, orderIds: number[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('order_lines')
    .select(['order_id', 'position', 'product_id', 'sku', 'name', 'category', 'quantity', 'unit_price', 'total'])
    .where('workspace_id', '=', workspaceId).where('order_id', 'in', orderIds).orderBy('order_id').orderBy('position').execute();
}
export type LineRow = Awaited<ReturnType<typeof listOrderLines>>[number];

/**
 * Newest first, keyset on (placed_at, id). Plan: orders_ws_placed_idx walks from the cursor; with
 * a contact, orders_contact_idx (workspace_id, contact_id, placed_at desc) does.
 */
export function listOrdersPage(db: Executor, q: { workspaceId: number; limit: number; before?: [string, number]; contactId?: number; status?: OrderStatus }) {
  let query = db.selectFrom('orders').select([...ORDER_COLUMNS, sql<string>`placed_at::text`.as('placed_key')]).where('workspace_id', '=', q.workspaceId);
  if (q.contactId) query = query.where('contact_id', '=', q.contactId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.before) query = query.where(sql<SqlBool>`(placed_at, id) < (${q.before[0]}::timestamptz, ${q.before[1]})`);
  return query.orderBy('placed_at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();
}

/**
 * A contact's lifetime spend per currency: totals less refunds of orders not cancelled; an
 * index-only scan of orders_contact_idx.
 */
export function contactSpend(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('orders')
    .select(['currency', sql<number>`count(*)::int`.as('orders'), sql<number>`coalesce(sum(total - refunded), 0)`.as('spend'),
      sql<Date>`min(placed_at)`.as('first_order_at'), sql<Date>`max(placed_at)`.as('last_order_at')])
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', '<>', 'cancelled')
    .groupBy('currency').orderBy('currency').execute();
}

/** GDPR erasure: the orders stay (bookkeeping) but no longer say who placed them. */
export async function forgetOrderCustomer(db: Executor, workspaceId: number, contactId: number): Promise<void> {
  await db.updateTable('orders').set({ customer_email: null, customer_external_id: null, contact_id: null })
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).execute();
}
