import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { pageOf } from '../../lib/cursor.js';
import { decodeTimeCursor } from '../../lib/keyset.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import { findLostReason } from '../pipelines/pipelines.repo.js';
import { recordDealEvent, refOf } from './deal-events.js';
import { enterStage, leaveStage, listDealTimelinePage, listStageHistory } from './deal-history.repo.js';
import { eventReaderOf } from '../timeline/event-access.js';
import { resolveEventRefs } from '../timeline/event-refs.js';
import { resolveStage } from './deal-refs.js';
import { presentDeal, type DealOut } from './deal-write.js';
import * as repo from './deals.repo.js';
import type { CloseDealInput } from './deals.schema.js';
import { loadDeal, reload } from './deals.service.js';

/** Moves an open deal to another stage (of its pipeline, or of `pipelineId`), recording the stay it ends. */
export async function moveDeal(options: { ctx: AppContext; actor: Actor; id: number; stageId: number; pipelineId?: number }): Promise<DealOut> {
  const { ctx, actor, id } = options;
  return ctx.db.transaction().execute(async (trx) => {
    await repo.lockDeal(trx, actor.workspaceId, id);
    const before = presentDeal(await loadDeal(trx, actor, id, 'deals:write'));
    const { stage, issues } = await resolveStage(trx, actor, options.pipelineId ?? before.pipelineId, options.stageId);
    if (!stage) throw AppError.invalid(issues);
    if (before.status !== 'open') throw AppError.conflict(`The deal is ${before.status}; reopen it before moving it`);
    if (stage.id === before.stageId) return before;
    const now = new Date();
    await leaveStage(trx, actor.workspaceId, id, now);
    await enterStage(trx, actor.workspaceId, { dealId: id, fromStageId: before.stageId, toStageId: stage.id, actorUserId: actor.userId, at: now });
    await repo.updateDeal(trx, actor.workspaceId, id, { stage_id: stage.id, pipeline_id: stage.pipeline_id, stage_entered_at: now });
    const after = await reload(trx, actor, id);
    const secondsInStage = Math.round((now.getTime() - new Date(before.stageEnteredAt).getTime()) / 1000);
    await recordDealEvent(trx, actor, refOf(after), 'deal_stage_changed', {
      fromStageId: before.stageId, fromStage: before.stage.name, toStageId: stage.id, toStage: stage.name, secondsInStage,
      ...(stage.pipeline_id !== before.pipelineId ? { fromPipelineId: before.pipelineId, toPipelineId: stage.pipeline_id } : {}),
    });
    await insertAudit(trx, actor, { entity: 'deal', entityId: id, action: 'move', before, after });
    return after;
  });
}

/** Marks an open deal won or lost; its current stay in a stage ends now. */
export async function closeDeal(options: { ctx: AppContext; actor: Actor; id: number; input: CloseDealInput }): Promise<DealOut> {
  const { ctx, actor, id, input } = options;
  return ctx.db.transaction().execute(async (trx) => {
    await repo.lockDeal(trx, actor.workspaceId, id);
    const before = presentDeal(await loadDeal(trx, actor, id, 'deals:write'));
    const reason = input.lostReasonId ? await findLostReason(trx, actor.workspaceId, input.lostReasonId) : null;
    if (input.lostReasonId && !reason) throw AppError.invalid({ path: 'lostReasonId', message: `lost reason ${input.lostReasonId} does not exist in this workspace` });
    if (before.status !== 'open') throw AppError.conflict(`The deal is already ${before.status}`);
    const now = new Date();
    await leaveStage(trx, actor.workspaceId, id, now);
    await repo.setDealStatus(trx, actor.workspaceId, id, { status: input.status, lost_reason_id: reason?.id ?? null, lost_note: input.lostNote ?? null, at: now });
    const after = await reload(trx, actor, id);
    const data = input.status === 'won' ? { value: after.value, currency: after.currency } : { reason: reason?.label ?? null, note: input.lostNote ?? null };
    await recordDealEvent(trx, actor, refOf(after), `deal_${input.status}`, { ...data, stage: after.stage.name, salesCycleDays: after.salesCycleDays });
    await insertAudit(trx, actor, { entity: 'deal', entityId: id, action: input.status, before, after });
    return after;
  });
}

/** A won or lost deal goes back to open in the stage it was closed in. */
export async function reopenDeal(options: { ctx: AppContext; actor: Actor; id: number }): Promise<DealOut> {
  const { ctx, actor, id } = options;
  return ctx.db.transaction().execute(async (trx) => {
    await repo.lockDeal(trx, actor.workspaceId, id);
    const before = presentDeal(await loadDeal(trx, actor, id, 'deals:write'));
    if (before.status === 'open') throw AppError.conflict('The deal is already open');
    await repo.setDealStatus(trx, actor.workspaceId, id, { status: 'open', lost_reason_id: null, lost_note: null, at: null });
    const after = await reload(trx, actor, id);
    await enterStage(trx, actor.workspaceId, { dealId: id, fromStageId: before.stageId, toStageId: before.stageId, actorUserId: actor.userId, at: after.stageEnteredAt });
    await recordDealEvent(trx, actor, refOf(after), 'deal_reopened', { previousStatus: before.status, stage: after.stage.name });
    await insertAudit(trx, actor, { entity: 'deal', entityId: id, action: 'reopen', before, after });
    return after;
  });
}

/** Every stay in a stage with its length: time-in-stage as recorded, not estimated. */
export async function getStageHistory(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  await loadDeal(ctx.db, actor, id);
  const rows = await listStageHistory(ctx.db, actor.workspaceId, id);
  return {
    data: rows.map((r) => ({
      id: r.id,
      fromStage: r.from_stage_id ? { id: r.from_stage_id, name: r.from_stage_name ?? '' } : null,
      toStage: { id: r.to_stage_id, name: r.to_stage_name },
      enteredAt: r.entered_at,
      leftAt: r.left_at,
      secondsInStage: Number(r.seconds),
    })),
  };
}

export async function getDealTimeline(options: { ctx: AppContext; actor: Actor; id: number; limit: number; cursor?: string }) {
  const { ctx, actor, id, limit } = options;
  await loadDeal(ctx.db, actor, id);
  const before = decodeTimeCursor(options.cursor);
  const page = pageOf(await listDealTimelinePage(ctx.db, { workspaceId: actor.workspaceId, dealId: id, limit, before }), limit, (r) => [r.occurred_key, r.id]);
  const refs = await resolveEventRefs(ctx.db, await eventReaderOf(ctx.db, actor), actor.workspaceId, page.data.map((r) => ({ kind: r.kind, data: r.data as Record<string, unknown> })));
  return {
    nextCursor: page.nextCursor,
    data: page.data.map((r, i) => ({ id: r.id, kind: r.kind, occurredAt: r.occurred_at, actor: r.actor_user_id ? { id: r.actor_user_id, name: r.actor_name ?? '' } : null, data: r.data, refs: refs[i] })),
  };
}
