import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { can, requirePermission, type Actor, type Permission } from '../auth/permissions.js';
import { selectionQuery } from '../bulk/bulk.repo.js';
import { filteredCompanies } from '../companies/companies.repo.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import { dealScope } from '../deals/deal-access.js';
import { filteredDeals } from '../deals/deals.repo.js';
import { segmentContactIds } from '../segments/segment-contacts.js';
import * as repo from './views.repo.js';
import type { companyCountQuery, contactCountQuery, CreateViewInput, dealCountQuery, UpdateViewInput, ViewEntity } from './views.schema.js';

/** Up to this many rows a total is exact; above it, an estimate labelled as such. */
export const EXACT_COUNT_CAP = 100_000;

const READ: Record<ViewEntity, Permission> = { contact: 'contacts:read', company: 'companies:read', deal: 'deals:read' };
const WRITE: Record<ViewEntity, Permission> = { contact: 'contacts:write', company: 'companies:write', deal: 'deals:write' };

const present = (r: repo.ViewRow, actor: Actor) => ({
  id: r.id, entity: r.entity, name: r.name, shared: r.shared, config: r.config, mine: r.user_id === actor.userId, createdAt: r.created_at, updatedAt: r.updated_at,
});
export type ViewOut = ReturnType<typeof present>;

export async function listSavedViews(options: { ctx: AppContext; actor: Actor; entity: ViewEntity }) {
  const { ctx, actor, entity } = options;
  requirePermission(actor, READ[entity]);
  return { data: (await repo.listViews(ctx.db, actor.workspaceId, actor.userId, entity)).map((r) => present(r, actor)) };
}

async function checkNameFree(ctx: AppContext, actor: Actor, entity: ViewEntity, name: string, exceptId?: number) {
  if (await repo.findViewByName(ctx.db, actor.workspaceId, entity, actor.userId, name, exceptId)) {
    throw AppError.invalid({ path: 'name', message: `you already have a ${entity} view named "${name}"` });
  }
}

/** A personal view needs only read access; sharing one with everybody needs write access to the records. */
export async function createSavedView(options: { ctx: AppContext; actor: Actor; input: CreateViewInput }): Promise<ViewOut> {
  const { ctx, actor, input } = options;
  requirePermission(actor, READ[input.entity]);
  if (input.shared) requirePermission(actor, WRITE[input.entity]);
  await checkNameFree(ctx, actor, input.entity, input.name);
  return ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertView(trx, actor.workspaceId, { userId: actor.userId, ...input });
    const out = present((await repo.findView(trx, actor.workspaceId, id))!, actor);
    await insertAudit(trx, actor, { entity: 'saved_view', entityId: id, action: 'create', after: out });
    return out;
  });
}

/** Its author changes a view; an admin may also change or remove a shared one. */
async function loadEditable(ctx: AppContext, actor: Actor, id: number) {
  const view = await repo.findView(ctx.db, actor.workspaceId, id);
  if (!view || (!view.shared && view.user_id !== actor.userId)) throw AppError.notFound('View');
  requirePermission(actor, READ[view.entity]);
  if (view.user_id !== actor.userId && !can(actor, 'users:manage')) throw AppError.forbidden('users:manage');
  return view;
}

export async function updateSavedView(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateViewInput }): Promise<ViewOut> {
  const { ctx, actor, id, input } = options;
  const before = await loadEditable(ctx, actor, id);
  if (input.shared) requirePermission(actor, WRITE[before.entity]);
  if (input.name) await checkNameFree(ctx, actor, before.entity, input.name, id);
  return ctx.db.transaction().execute(async (trx) => {
    await repo.updateView(trx, actor.workspaceId, id, input);
    const after = present((await repo.findView(trx, actor.workspaceId, id))!, actor);
    await insertAudit(trx, actor, { entity: 'saved_view', entityId: id, action: 'update', before: present(before, actor), after });
    return after;
  });
}

export async function deleteSavedView(options: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = options;
  const before = await loadEditable(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteView(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'saved_view', entityId: id, action: 'delete', before: present(before, actor) });
  });
}

const customDefs = async (ctx: AppContext, actor: Actor, entity: ViewEntity, filters: { field: string }[]) =>
  filters.some((f) => f.field.startsWith('custom.')) ? listFieldDefinitions(ctx.db, actor.workspaceId, entity) : [];

/** The contacts list's total for its current query (the same rows it pages through). */
export async function countContacts(options: { ctx: AppContext; actor: Actor; query: z.infer<typeof contactCountQuery> }) {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'contacts:read');
  const q = selectionQuery(ctx.db, {
    workspaceId: actor.workspaceId, query, searchNotes: can(actor, 'notes:read'), defs: await customDefs(ctx, actor, 'contact', query.filters),
    segment: query.segmentId ? await segmentContactIds({ ctx, actor, segmentId: query.segmentId }) : undefined,
  });
  return repo.countRows(ctx.db, q, EXACT_COUNT_CAP);
}

export async function countCompanies(options: { ctx: AppContext; actor: Actor; query: z.infer<typeof companyCountQuery> }) {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'companies:read');
  const q = filteredCompanies(ctx.db, { ...query, workspaceId: actor.workspaceId, searchNotes: can(actor, 'notes:read'), defs: await customDefs(ctx, actor, 'company', query.filters) });
  return repo.countRows(ctx.db, q, EXACT_COUNT_CAP);
}

/** Counts only the deals the actor sees (a sales user's own, unless the workspace shares all). */
export async function countDeals(options: { ctx: AppContext; actor: Actor; query: z.infer<typeof dealCountQuery> }) {
  const { ctx, actor, query } = options;
  const scope = await dealScope(ctx.db, actor);
  const q = filteredDeals(ctx.db, { ...query, workspaceId: actor.workspaceId, scope, defs: await customDefs(ctx, actor, 'deal', query.filters) });
  return repo.countRows(ctx.db, q, EXACT_COUNT_CAP);
}
