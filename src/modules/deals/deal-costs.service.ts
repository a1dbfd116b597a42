import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import { recordDealEvent, refOf } from './deal-events.js';
import * as costs from './deal-costs.repo.js';
import { presentDeal } from './deal-write.js';
import type { CostInput } from './deals.schema.js';
import { loadDeal } from './deals.service.js';

const presentCost = (c: costs.CostRow) => ({ id: c.id, dealId: c.deal_id, label: c.label, amount: Number(c.amount), date: c.cost_date, createdAt: c.created_at });
const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * Revenue, costs and margin in the deal's currency. Revenue is the value of a won deal (0 while
 * open or lost); margin = revenue − costs; marginPercent = margin / revenue × 100 (null without revenue).
 */
export function financialsOf(deal: { status: string; value: number; currency: string }, totalCosts: number) {
  const revenue = deal.status === 'won' ? deal.value : 0;
  const margin = cents(revenue - totalCosts);
  return { currency: deal.currency, revenue, costs: cents(totalCosts), margin, marginPercent: revenue > 0 ? Math.round((margin / revenue) * 10_000) / 100 : null };
}

export async function getDealWithFinancials(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  const deal = presentDeal(await loadDeal(ctx.db, actor, id));
  return { ...deal, financials: financialsOf(deal, await costs.sumCosts(ctx.db, actor.workspaceId, id)) };
}

export async function listDealCosts(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  const deal = presentDeal(await loadDeal(ctx.db, actor, id));
  const rows = (await costs.listCosts(ctx.db, actor.workspaceId, id)).map(presentCost);
  return { data: rows, financials: financialsOf(deal, rows.reduce((s, c) => s + c.amount, 0)) };
}

export async function addDealCost(options: { ctx: AppContext; actor: Actor; id: number; input: CostInput }) {
  const { ctx, actor, id, input } = options;
  return ctx.db.transaction().execute(async (trx) => {
    const deal = presentDeal(await loadDeal(trx, actor, id, 'deals:write'));
    const cost = presentCost(await costs.insertCost(trx, actor.workspaceId, { dealId: id, ...input, createdBy: actor.userId }));
    await recordDealEvent(trx, actor, refOf(deal), 'deal_cost_added', { costId: cost.id, label: cost.label, amount: cost.amount, currency: deal.currency }, { dealOnly: true });
    await insertAudit(trx, actor, { entity: 'deal_cost', entityId: cost.id, action: 'create', after: cost });
    return cost;
  });
}

export async function deleteDealCost(options: { ctx: AppContext; actor: Actor; id: number; costId: number }) {
  const { ctx, actor, id, costId } = options;
  await ctx.db.transaction().execute(async (trx) => {
    const deal = presentDeal(await loadDeal(trx, actor, id, 'deals:write'));
    const row = await costs.findCost(trx, actor.workspaceId, id, costId);
    if (!row) throw AppError.notFound('Cost');
    await costs.deleteCost(trx, actor.workspaceId, costId);
    await recordDealEvent(trx, actor, refOf(deal), 'deal_cost_removed', { costId, label: row.label, amount: Number(row.amount) }, { dealOnly: true });
    await insertAudit(trx, actor, { entity: 'deal_cost', entityId: costId, action: 'delete', before: presentCost(row) });
  });
}
