import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { isUniqueViolation } from '../../lib/unique-race.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import type { CreateProductInput, ListProductsQuery, UpdateProductInput } from './orders.schema.js';
import * as repo from './products.repo.js';

export function presentProduct(p: repo.ProductRow) {
  return { id: p.id, sku: p.sku, name: p.name, category: p.category, price: p.price, currency: p.currency.trim(), createdAt: p.created_at, updatedAt: p.updated_at };
}
export type ProductOut = ReturnType<typeof presentProduct>;

const skuTaken = (sku: string) => AppError.conflict(`A product with SKU "${sku}" already exists`, { fields: [{ path: 'sku', message: 'is already used by another product' }] });

async function loadProduct(ctx: AppContext, actor: Actor, id: number) {
  const row = await repo.findProduct(ctx.db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('Product');
  return row;
}

export async function createProduct(options: { ctx: AppContext; actor: Actor; input: CreateProductInput }): Promise<ProductOut> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'orders:write');
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const id = await repo.insertProduct(trx, actor.workspaceId, { ...input, category: input.category ?? null });
      const created = presentProduct((await repo.findProduct(trx, actor.workspaceId, id))!);
      await insertAudit(trx, actor, { entity: 'product', entityId: id, action: 'create', after: created });
      return created;
    });
  } catch (err) {
    throw isUniqueViolation(err) ? skuTaken(input.sku) : err;
  }
}

export async function getProduct(options: { ctx: AppContext; actor: Actor; id: number }): Promise<ProductOut> {
  requirePermission(options.actor, 'orders:read');
  return presentProduct(await loadProduct(options.ctx, options.actor, options.id));
}

/** Orders already placed keep their lines' prices: a product's price is only the default of new lines. */
export async function updateProduct(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateProductInput }): Promise<ProductOut> {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'orders:write');
  const before = presentProduct(await loadProduct(ctx, actor, id));
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      await repo.updateProduct(trx, actor.workspaceId, id, input);
      const after = presentProduct((await repo.findProduct(trx, actor.workspaceId, id))!);
      await insertAudit(trx, actor, { entity: 'product', entityId: id, action: 'update', before, after });
      return after;
    });
  } catch (err) {
    throw isUniqueViolation(err) ? skuTaken(input.sku ?? before.sku) : err;
  }
}

export async function deleteProduct(options: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'orders:write');
  const before = presentProduct(await loadProduct(ctx, actor, id));
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteProduct(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'product', entityId: id, action: 'delete', before });
  });
}

export async function listProducts(options: { ctx: AppContext; actor: Actor; query: ListProductsQuery }) {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'orders:read');
  const after = decodeCursor(query.cursor);
  if (after && (after.length !== 1 || typeof after[0] !== 'string')) throw AppError.invalid({ path: 'cursor', message: 'is not a cursor returned by this API' });
  const rows = await repo.listProductsPage(ctx.db, { workspaceId: actor.workspaceId, limit: query.limit, afterSku: after?.[0] as string | undefined, q: query.q, category: query.category });
  const page = pageOf(rows, query.limit, (r) => [r.sku]);
  return { data: page.data.map(presentProduct), nextCursor: page.nextCursor };
}
