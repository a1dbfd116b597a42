import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { pageOf } from '../../lib/cursor.js';
import { decodeKeysetCursor } from '../../lib/keyset.js';
import { diffTags } from '../../lib/record-diff.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import { dealScope } from './deal-access.js';
import { recordDealEvent, refOf } from './deal-events.js';
import { enterStage } from './deal-history.repo.js';
import { checkDealReferences, resolveStage } from './deal-refs.js';
import { buildDealWrite, diffDeal, presentDeal, type DealOut } from './deal-write.js';
import * as repo from './deals.repo.js';
import type { CreateDealInput, ListDealsQuery, UpdateDealInput } from './deals.schema.js';
import { defaultCurrency } from '../workspaces/workspaces.service.js';

/** The deal if the actor may see it (for `permission`), else 404 — hidden deals do not exist for them. */
export async function loadDeal(db: Executor, actor: Actor, id: number, permission: 'deals:read' | 'deals:write' | 'deals:delete' = 'deals:read') {
  const scope = await dealScope(db, actor, permission);
  const row = await repo.findDeal(db, actor.workspaceId, id, scope);
  if (!row) throw AppError.notFound('Deal');
  return row;
}

export const reload = async (db: Executor, actor: Actor, id: number): Promise<DealOut> => presentDeal((await repo.findDeal(db, actor.workspaceId, id))!);

export async function createDeal(options: { ctx: AppContext; actor: Actor; input: CreateDealInput }): Promise<DealOut> {
  const { ctx, actor, input } = options;
  await dealScope(ctx.db, actor, 'deals:write');
  const defs = await listFieldDefinitions(ctx.db, actor.workspaceId, 'deal');
  const { write, issues } = buildDealWrite({ ...input, ownerId: input.ownerId === undefined ? actor.userId : input.ownerId }, defs, null);
  const currency = input.currency ?? (await defaultCurrency(ctx.db, actor.workspaceId));
  return ctx.db.transaction().execute(async (trx) => {
    const { stage, issues: stageIssues } = await resolveStage(trx, actor, input.pipelineId, input.stageId);
    issues.push(...stageIssues, ...(await checkDealReferences(trx, actor, write, input.contactIds)));
    if (issues.length || !stage) throw AppError.invalid(issues);
    const id = await repo.insertDeal(trx, actor.workspaceId, { ...write, title: input.title, currency, pipeline_id: stage.pipeline_id, stage_id: stage.id });
    await repo.setDealContacts(trx, actor.workspaceId, id, input.contactIds ?? []);
    const created = await reload(trx, actor, id);
    await enterStage(trx, actor.workspaceId, { dealId: id, fromStageId: null, toStageId: stage.id, actorUserId: actor.userId, at: created.stageEnteredAt });
    await recordDealEvent(trx, actor, refOf(created), 'deal_created', { stage: stage.name, value: created.value, currency: created.currency });
    await insertAudit(trx, actor, { entity: 'deal', entityId: id, action: 'create', after: created });
    return created;
  });
}

export async function getDeal(options: { ctx: AppContext; actor: Actor; id: number }): Promise<DealOut> {
  return presentDeal(await loadDeal(options.ctx.db, options.actor, options.id));
}

export async function updateDeal(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateDealInput }): Promise<DealOut> {
  const { ctx, actor, id, input } = options;
  const defs = input.custom ? await listFieldDefinitions(ctx.db, actor.workspaceId, 'deal') : [];
  return ctx.db.transaction().execute(async (trx) => {
    await repo.lockDeal(trx, actor.workspaceId, id);
    const before = await loadDeal(trx, actor, id, 'deals:write');
    const { write, issues } = buildDealWrite(input, defs, before);
    issues.push(...(await checkDealReferences(trx, actor, write, input.contactIds)));
    if (issues.length) throw AppError.invalid(issues);
    const changes = diffDeal(before, write);
    const tags = diffTags(before.tags, write.tags);
    const beforeContacts = before.contacts.map((c) => c.id);
    const addedContacts = (input.contactIds ?? beforeContacts).filter((c) => !beforeContacts.includes(c));
    const removedContacts = beforeContacts.filter((c) => !(input.contactIds ?? beforeContacts).includes(c));
    if (!changes.length && !tags.added.length && !tags.removed.length && !addedContacts.length && !removedContacts.length) return presentDeal(before);
    await repo.updateDeal(trx, actor.workspaceId, id, write);
    if (input.contactIds) await repo.setDealContacts(trx, actor.workspaceId, id, input.contactIds);
    const after = await reload(trx, actor, id);
    for (const c of changes) await recordDealEvent(trx, actor, refOf(after), 'deal_field_changed', { ...c }, { dealOnly: true });
    if (tags.added.length || tags.removed.length) await recordDealEvent(trx, actor, refOf(after), 'deal_tags_changed', { added: tags.added, removed: tags.removed }, { dealOnly: true });
    // A newly linked contact or company gets the deal on its timeline.
    const linked = { ...refOf(after), contactIds: addedContacts, companyId: write.company_id && write.company_id !== before.company_id ? write.company_id : null };
    if (linked.contactIds.length || linked.companyId) await recordDealEvent(trx, actor, linked, 'deal_linked', { stage: after.stage.name }, { dealRow: false });
    await insertAudit(trx, actor, { entity: 'deal', entityId: id, action: 'update', before: presentDeal(before), after });
    return after;
  });
}

export async function deleteDeal(options: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = options;
  await ctx.db.transaction().execute(async (trx) => {
    const before = presentDeal(await loadDeal(trx, actor, id, 'deals:delete'));
    await repo.deleteDeal(trx, actor.workspaceId, id);
    await recordDealEvent(trx, actor, refOf(before), 'deal_deleted', {}, { dealRow: false });
    await insertAudit(trx, actor, { entity: 'deal', entityId: id, action: 'delete', before });
  });
}

export async function listDeals(options: { ctx: AppContext; actor: Actor; query: ListDealsQuery }) {
  const { ctx, actor, query } = options;
  const scope = await dealScope(ctx.db, actor);
  const defs = query.filters.some((f) => f.field.startsWith('custom.')) ? await listFieldDefinitions(ctx.db, actor.workspaceId, 'deal') : [];
  const rows = await repo.listDealsPage(ctx.db, {
    ...query, workspaceId: actor.workspaceId, scope, defs, after: decodeKeysetCursor(query.cursor, repo.dealSortKey(query.sort)),
  });
  const page = pageOf(rows, query.limit, (r) => [r.sort_key, r.id]);
  return { data: page.data.map(presentDeal), nextCursor: page.nextCursor };
}
