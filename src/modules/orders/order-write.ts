import { createHash } from 'node:crypto';
import type { Executor } from '../../db/executor.js';
import type { OrderSource } from '../../db/schema.js';
import { AppError, type FieldIssue } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { resolveOrderContact } from './order-contacts.js';
import * as repo from './orders.repo.js';
import type { UpsertOrderInput } from './orders.schema.js';
import { findProductsBySku } from './products.repo.js';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'stale';

const cents = (v: number) => Math.round(v * 100) / 100;

/**
 * The lines as stored: a known SKU links its product (name, category and price default to the
 * product's); an unknown SKU, or none, is an ad-hoc line. A line or product priced in another
 * currency than the order is refused, naming the line: summing two currencies is meaningless.
 */
export async function buildLines(db: Executor, workspaceId: number, input: UpsertOrderInput): Promise<repo.LineWrite[]> {
  const skus = [...new Set(input.lines.flatMap((l) => (l.sku ? [l.sku] : [])))];
  const products = new Map((await findProductsBySku(db, workspaceId, skus)).map((p) => [p.sku, p]));
  const issues: FieldIssue[] = [];
  const lines = input.lines.map((l, i): repo.LineWrite => {
    const product = l.sku ? products.get(l.sku) : undefined;
    const at = `lines[${i}]`;
    if (l.currency && l.currency !== input.currency) issues.push({ path: `${at}.currency`, message: `${l.currency} differs from the order's currency ${input.currency}` });
    if (product && product.currency !== input.currency) issues.push({ path: `${at}.sku`, message: `product ${product.sku} is priced in ${product.currency}, the order in ${input.currency}` });
    if (!product && !l.name) issues.push({ path: `${at}.name`, message: l.sku ? `is required: no product has SKU "${l.sku}", so the line is ad hoc` : 'is required for a line without a SKU' });
    if (!product && l.unitPrice === undefined) issues.push({ path: `${at}.unitPrice`, message: 'is required for an ad-hoc line' });
    const unitPrice = l.unitPrice ?? product?.price ?? 0;
    return {
      position: i, product_id: product?.id ?? null, sku: l.sku ?? null, name: l.name ?? product?.name ?? '', category: l.category ?? product?.category ?? null,
      quantity: l.quantity, unit_price: unitPrice, total: cents(l.quantity * unitPrice),
    };
  });
  if (issues.length) throw AppError.invalid(issues);
  return lines;
}

/** Totals derived where not given; a refund larger than the order is refused. */
export function orderTotals(input: UpsertOrderInput, lines: repo.LineWrite[]) {
  const subtotal = input.subtotal ?? cents(lines.reduce((n, l) => n + l.total, 0));
  const total = input.total ?? cents(subtotal - input.discount + input.shipping + input.tax);
  if (total < 0) throw AppError.invalid({ path: 'total', message: 'the discount exceeds the order’s value' });
  // A full refund reported without its amount refunds the whole order.
  const refunded = input.status === 'refunded' && input.refunded === 0 ? total : input.refunded;
  if (refunded > total) throw AppError.invalid({ path: 'refunded', message: `${refunded} exceeds the order's total ${total}` });
  return { subtotal, discount: input.discount, shipping: input.shipping, tax: input.tax, total, refunded };
}

/**
 * Upserts one order by external id inside the caller's transaction. Each version carries the
 * whole order and the sender's `updatedAt`; the row keeps the newest version, ties broken by the
 * payload's hash, so replays and any order of arrival end in the same state. A version that is
 * not newer changes nothing ('unchanged' for the same payload, 'stale' for an older one).
 */
export async function upsertOrderIn(db: Executor, o: { actor: Actor; input: UpsertOrderInput; source: OrderSource; now?: Date }): Promise<{ id: number; outcome: UpsertOutcome }> {
  const { actor, input, source } = o;
  const ws = actor.workspaceId;
  const lines = await buildLines(db, ws, input);
  const totals = orderTotals(input, lines);
  const state = {
    external_id: input.externalId, customer_email: input.customer.email?.toLowerCase() ?? null, customer_external_id: input.customer.externalId ?? null,
    status: input.status, placed_at: new Date(input.placedAt), currency: input.currency, ...totals,
  };
  // Of what the sender sent (zod's output has the schema's key order), not of the product ids it
  // resolved to: a tie between two versions must break the same way in every workspace and run.
  const payload_hash = createHash('sha256').update(JSON.stringify({ source, input: { ...input, updatedAt: undefined } })).digest('hex');
  const version = input.updatedAt ? new Date(input.updatedAt) : (o.now ?? new Date());
  const write = async (): Promise<repo.OrderWrite> => ({
    ...state, source, source_updated_at: version, payload_hash,
    contact_id: await resolveOrderContact({ db, actor, source, hint: { ...input.customer, email: state.customer_email } }),
  });

  let existing = await repo.lockOrderByExternalId(db, ws, input.externalId);
  if (!existing) {
    const w = await write();
    const id = await repo.insertOrder(db, ws, w);
    if (id !== undefined) {
      await repo.replaceOrderLines(db, ws, id, lines);
      await insertTimelineEvents(db, [{ workspaceId: ws, contactId: w.contact_id, kind: 'order_placed', actorUserId: actor.userId, occurredAt: w.placed_at, data: eventData(id, w, lines.length) }]);
      await insertAudit(db, actor, { entity: 'order', entityId: id, action: 'create', after: { externalId: w.external_id, source, status: w.status, total: w.total, currency: w.currency } });
      return { id, outcome: 'created' };
    }
    existing = (await repo.lockOrderByExternalId(db, ws, input.externalId))!; // inserted meanwhile by another writer
  }
  const stored = existing.source_updated_at.getTime();
  if (payload_hash === existing.payload_hash) {
    // The same order again: only a newer version is remembered, so an older one cannot win later.
    if (version.getTime() > stored) await repo.setOrderVersion(db, ws, existing.id, version);
    return { id: existing.id, outcome: 'unchanged' };
  }
  if (version.getTime() < stored || (version.getTime() === stored && payload_hash <= existing.payload_hash)) return { id: existing.id, outcome: 'stale' };
  const w = await write();
  await repo.updateOrder(db, ws, existing.id, w);
  await repo.replaceOrderLines(db, ws, existing.id, lines);
  if (w.status !== existing.status || w.refunded !== existing.refunded) {
    await insertTimelineEvents(db, [{
      workspaceId: ws, contactId: w.contact_id, kind: 'order_status_changed', actorUserId: actor.userId,
      data: { ...eventData(existing.id, w, lines.length), from: existing.status, to: w.status },
    }]);
  }
  await insertAudit(db, actor, { entity: 'order', entityId: existing.id, action: 'update', before: { status: existing.status, total: existing.total, refunded: existing.refunded }, after: { status: w.status, total: w.total, refunded: w.refunded } });
  return { id: existing.id, outcome: 'updated' };
}

function eventData(orderId: number, w: repo.OrderWrite, items: number) {
  return { orderId, externalId: w.external_id, source: w.source, status: w.status, total: w.total, refunded: w.refunded, currency: w.currency, items };
}
