import type { OrderStatus } from '../../db/schema.js';

/**
 * Shopify and WooCommerce order payloads, mapped to the input of POST /orders (checked by its zod
 * schema afterwards, so a field missing here is the same 400 as through the API). External ids
 * are namespaced by shop, so a Shopify and a WooCommerce order 1001 stay two orders.
 */
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);
/** Shops send money as decimal strings; negative refunds ("-5.00") count by their size. */
const amount = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.round(Math.abs(n) * 100) / 100 : undefined;
};
const sum = (values: (number | undefined)[]) => Math.round(values.reduce<number>((n, v) => n + (v ?? 0), 0) * 100) / 100;
/** WooCommerce's *_gmt times carry no zone. */
const gmt = (v: unknown) => (typeof v === 'string' && v && !/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? `${v}Z` : str(v));

function shopifyStatus(o: Obj): OrderStatus {
  if (o.cancelled_at) return 'cancelled';
  switch (o.financial_status) {
    case 'refunded': return 'refunded';
    case 'partially_refunded': return 'partially_refunded';
    case 'voided': return 'cancelled';
    case 'paid': return o.fulfillment_status === 'fulfilled' ? 'fulfilled' : 'paid';
    default: return 'pending';
  }
}

export function shopifyOrder(o: Obj): Obj {
  const customer = obj(o.customer);
  const refunds = arr(o.refunds).flatMap((r) => arr(r.transactions)).filter((t) => t.kind === 'refund' && t.status !== 'failure');
  return {
    externalId: str(o.id) && `shopify:${str(o.id)}`,
    customer: {
      email: str(o.email) ?? str(customer.email),
      externalId: str(customer.id) && `shopify:customer:${str(customer.id)}`,
      firstName: str(customer.first_name), lastName: str(customer.last_name), phone: str(customer.phone) ?? str(o.phone),
    },
    status: shopifyStatus(o),
    placedAt: str(o.processed_at) ?? str(o.created_at),
    updatedAt: str(o.updated_at),
    currency: str(o.currency),
    lines: arr(o.line_items).map((l) => ({ sku: str(l.sku), name: str(l.title) ?? str(l.name), quantity: Number(l.quantity), unitPrice: amount(l.price) })),
    subtotal: amount(o.subtotal_price),
    discount: amount(o.total_discounts) ?? 0,
    shipping: sum(arr(o.shipping_lines).map((s) => amount(s.price))),
    tax: amount(o.total_tax) ?? 0,
    total: amount(o.total_price),
    refunded: sum(refunds.map((t) => amount(t.amount))),
  };
}

const WOO_STATUS: Record<string, OrderStatus> = {
  pending: 'pending', 'on-hold': 'pending', processing: 'paid', completed: 'fulfilled', cancelled: 'cancelled', failed: 'cancelled', refunded: 'refunded',
};

export function wooOrder(o: Obj): Obj {
  const billing = obj(o.billing);
  const refunded = sum(arr(o.refunds).map((r) => amount(r.total)));
  const base = WOO_STATUS[String(o.status)] ?? 'pending';
  const customerId = Number(o.customer_id);
  return {
    externalId: str(o.id) && `woocommerce:${str(o.id)}`,
    customer: {
      email: str(billing.email), externalId: customerId > 0 ? `woocommerce:customer:${customerId}` : undefined,
      firstName: str(billing.first_name), lastName: str(billing.last_name), phone: str(billing.phone),
    },
    status: refunded > 0 && base !== 'refunded' && base !== 'cancelled' ? 'partially_refunded' : base,
    placedAt: gmt(o.date_created_gmt) ?? str(o.date_created),
    updatedAt: gmt(o.date_modified_gmt),
    currency: str(o.currency),
    lines: arr(o.line_items).map((l) => ({ sku: str(l.sku), name: str(l.name), quantity: Number(l.quantity), unitPrice: amount(l.price) ?? amount(l.subtotal) })),
    discount: amount(o.discount_total) ?? 0,
    shipping: amount(o.shipping_total) ?? 0,
    tax: amount(o.total_tax) ?? 0,
    total: amount(o.total),
    refunded,
  };
}
