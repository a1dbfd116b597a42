import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

const columns = ['id', 'deal_id', 'label', 'amount', 'cost_date', 'created_at'] as const;

export function listCosts(db: Executor, workspaceId: number, dealId: number) {
  return db.selectFrom('deal_costs').select(columns).where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId).orderBy('cost_date').orderBy('id').execute();
}
export type CostRow = Awaited<ReturnType<typeof listCosts>>[number];

export function findCost(db: Executor, workspaceId: number, dealId: number, id: number) {
  return db.selectFrom('deal_costs').select(columns).where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId).where('id', '=', id).executeTakeFirst();
}

export function insertCost(db: Executor, workspaceId: number, row: { dealId: number; label: string; amount: number; date: string; createdBy: number | null }) {
  return db
    .insertInto('deal_costs')
    .values({ workspace_id: workspaceId, deal_id: row.dealId, label: row.label, amount: row.amount, cost_date: row.date, created_by: row.createdBy })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function deleteCost(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('deal_costs').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Sum of a deal's costs, in the deal's currency (deal_costs_deal_idx). */
export async function sumCosts(db: Executor, workspaceId: number, dealId: number): Promise<number> {
  const row = await db.selectFrom('deal_costs').select(sql<number>`coalesce(sum(amount), 0)`.as('total')).where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId).executeTakeFirstOrThrow();
  return Number(row.total);
}
