import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { textArray } from '../../db/executor.js';
import { escapeLike } from '../segments/segment-predicates.js';

export interface ProductWrite {
  sku?: string;
  name?: string;
  category?: string | null;
  price?: number;
  currency?: string;
}

const COLUMNS = ['id', 'sku', 'name', 'category', 'price', 'currency', 'created_at', 'updated_at'] as const;

export function findProduct(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('products').select(COLUMNS).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
export type ProductRow = NonNullable<Awaited<ReturnType<typeof findProduct>>>;

/** The products order lines name, by SKU (products_sku_key). */
export function findProductsBySku(db: Executor, workspaceId: number, skus: string[]): Promise<ProductRow[]> {
  if (skus.length === 0) return Promise.resolve([]);
  return db.selectFrom('products').select(COLUMNS).where('workspace_id', '=', workspaceId).where(sql<SqlBool>`sku = any(${textArray(skus)})`).execute();
}

export async function insertProduct(db: Executor, workspaceId: number, w: Required<ProductWrite>): Promise<number> {
  const row = await db.insertInto('products').values({ workspace_id: workspaceId, ...w }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProduct(db: Executor, workspaceId: number, id: number, w: ProductWrite): Promise<void> {
  await db.updateTable('products').set({ ...w, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Lines that named it keep their SKU, name and category, and become ad-hoc (product_id set null). */
export async function deleteProduct(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.deleteFrom('products').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** By SKU, keyset-paged (products_sku_key walks from the cursor). */
export function listProductsPage(db: Executor, q: { workspaceId: number; limit: number; afterSku?: string; q?: string; category?: string }) {
  let query = db.selectFrom('products').select(COLUMNS).where('workspace_id', '=', q.workspaceId);
  if (q.afterSku !== undefined) query = query.where('sku', '>', q.afterSku);
  if (q.q) query = query.where(sql<SqlBool>`(sku like ${`${escapeLike(q.q)}%`} or name ilike ${`%${escapeLike(q.q)}%`})`);
  if (q.category) query = query.where(sql<SqlBool>`lower(category) = ${q.category.toLowerCase()}`);
  return query.orderBy('sku').limit(q.limit + 1).execute();
}
