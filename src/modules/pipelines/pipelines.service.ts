import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import * as repo from './pipelines.repo.js';
import type { CreatePipelineInput, UpdatePipelineInput } from './pipelines.schema.js';

const presentStage = (s: repo.StageRow) => ({ id: s.id, name: s.name, position: s.position, probability: s.probability });

async function loadPipelines(db: Executor, workspaceId: number, only?: number) {
  const rows = only ? [await repo.findPipelineRow(db, workspaceId, only)].filter((r) => r !== undefined) : await repo.listPipelineRows(db, workspaceId);
  const stages = await repo.listStages(db, workspaceId, rows.map((r) => r.id));
  return rows.map((p) => ({ id: p.id, name: p.name, position: p.position, stages: stages.filter((s) => s.pipeline_id === p.id).map(presentStage) }));
}
export type PipelineOut = Awaited<ReturnType<typeof loadPipelines>>[number];

export async function listPipelines(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'deals:read');
  return { data: await loadPipelines(options.ctx.db, options.actor.workspaceId) };
}

export async function getPipeline(options: { ctx: AppContext; actor: Actor; id: number; db?: Executor }): Promise<PipelineOut> {
  requirePermission(options.actor, 'deals:read');
  const [pipeline] = await loadPipelines(options.db ?? options.ctx.db, options.actor.workspaceId, options.id);
  if (!pipeline) throw AppError.notFound('Pipeline');
  return pipeline;
}

export async function createPipeline(options: { ctx: AppContext; actor: Actor; input: CreatePipelineInput }): Promise<PipelineOut> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'pipelines:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertPipeline(trx, actor.workspaceId, input.name);
    for (const [i, s] of input.stages.entries()) await repo.insertStage(trx, actor.workspaceId, id, { ...s, position: i + 1 });
    const created = await getPipeline({ ctx, actor, id, db: trx });
    await insertAudit(trx, actor, { entity: 'pipeline', entityId: id, action: 'create', after: created });
    return created;
  });
}

/** Renames, re-weights, reorders, adds and removes stages in one transaction. */
export async function updatePipeline(options: { ctx: AppContext; actor: Actor; id: number; input: UpdatePipelineInput }): Promise<PipelineOut> {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'pipelines:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getPipeline({ ctx, actor, id, db: trx });
    if (input.name !== undefined) await repo.renamePipeline(trx, actor.workspaceId, id, input.name);
    if (input.stages) {
      const current = new Set(before.stages.map((s) => s.id));
      input.stages.forEach((s, i) => {
        if (s.id !== undefined && !current.has(s.id)) throw AppError.invalid({ path: `stages.${i}.id`, message: `stage ${s.id} is not in this pipeline` });
      });
      const kept = new Set(input.stages.map((s) => s.id).filter((x) => x !== undefined));
      const removed = before.stages.filter((s) => !kept.has(s.id));
      const inUse = await repo.countDealsByStage(trx, actor.workspaceId, removed.map((s) => s.id));
      const blocked = removed.filter((s) => inUse.get(s.id));
      if (blocked.length) throw AppError.invalid({ path: 'stages', message: `cannot remove ${blocked.map((s) => `"${s.name}" (${inUse.get(s.id)} deals)`).join(', ')}; move its deals first` });
      await repo.deleteStages(trx, actor.workspaceId, removed.map((s) => s.id));
      for (const [i, s] of input.stages.entries()) {
        const values = { name: s.name, probability: s.probability, position: i + 1 };
        if (s.id) await repo.updateStage(trx, actor.workspaceId, s.id, values);
        else await repo.insertStage(trx, actor.workspaceId, id, values);
      }
    }
    const after = await getPipeline({ ctx, actor, id, db: trx });
    await insertAudit(trx, actor, { entity: 'pipeline', entityId: id, action: 'update', before, after });
    return after;
  });
}

export async function deletePipeline(options: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'pipelines:manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await getPipeline({ ctx, actor, id, db: trx });
    const inUse = await repo.countDealsByStage(trx, actor.workspaceId, before.stages.map((s) => s.id));
    const deals = [...inUse.values()].reduce((a, b) => a + b, 0);
    if (deals > 0) throw AppError.conflict(`The pipeline still has ${deals} deal(s); move or delete them first`, { deals });
    await repo.deletePipeline(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'pipeline', entityId: id, action: 'delete', before });
  });
}

export async function listLostReasons(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'deals:read');
  return { data: await repo.listLostReasons(options.ctx.db, options.actor.workspaceId) };
}

export async function createLostReason(options: { ctx: AppContext; actor: Actor; label: string }) {
  const { ctx, actor, label } = options;
  requirePermission(actor, 'pipelines:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertLostReason(trx, actor.workspaceId, label);
    if (!row) throw AppError.invalid({ path: 'label', message: `"${label}" is already a lost reason` });
    await insertAudit(trx, actor, { entity: 'lost_reason', entityId: row.id, action: 'create', after: row });
    return row;
  });
}

export async function updateLostReason(options: { ctx: AppContext; actor: Actor; id: number; label: string }) {
  const { ctx, actor, id, label } = options;
  requirePermission(actor, 'pipelines:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findLostReason(trx, actor.workspaceId, id);
    if (!before) throw AppError.notFound('Lost reason');
    const taken = await repo.findLostReasonByLabel(trx, actor.workspaceId, label);
    if (taken && taken.id !== id) throw AppError.invalid({ path: 'label', message: `"${label}" is already a lost reason` });
    const after = (await repo.updateLostReason(trx, actor.workspaceId, id, label))!;
    await insertAudit(trx, actor, { entity: 'lost_reason', entityId: id, action: 'update', before, after });
    return after;
  });
}

export async function deleteLostReason(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'pipelines:manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findLostReason(trx, actor.workspaceId, id);
    if (!before) throw AppError.notFound('Lost reason');
    await repo.deleteLostReason(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'lost_reason', entityId: id, action: 'delete', before });
  });
}
