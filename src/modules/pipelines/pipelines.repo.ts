import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

export interface StageRow {
  id: number;
  pipeline_id: number;
  name: string;
  position: number;
  probability: number;
}

export function listPipelineRows(db: Executor, workspaceId: number) {
  return db.selectFrom('pipelines').select(['id', 'name', 'position']).where('workspace_id', '=', workspaceId).orderBy('position').orderBy('id').execute();
}

export function findPipelineRow(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('pipelines').select(['id', 'name', 'position']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Stages of some pipelines in board order (pipeline_stages_pipeline_idx). */
export function listStages(db: Executor, workspaceId: number, pipelineIds: number[]): Promise<StageRow[]> {
  if (pipelineIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('pipeline_stages')
    .select(['id', 'pipeline_id', 'name', 'position', 'probability'])
    .where('workspace_id', '=', workspaceId)
    .where('pipeline_id', 'in', pipelineIds)
    .orderBy('pipeline_id').orderBy('position').orderBy('id')
    .execute();
}

export function findStage(db: Executor, workspaceId: number, id: number): Promise<StageRow | undefined> {
  return db.selectFrom('pipeline_stages').select(['id', 'pipeline_id', 'name', 'position', 'probability']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function insertPipeline(db: Executor, workspaceId: number, name: string): Promise<number> {
  const row = await db
    .insertInto('pipelines')
    .values({ workspace_id: workspaceId, name, position: sql<number>`(select coalesce(max(position), 0) + 1 from pipelines where workspace_id = ${workspaceId})` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function renamePipeline(db: Executor, workspaceId: number, id: number, name: string) {
  await db.updateTable('pipelines').set({ name }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deletePipeline(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('pipelines').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function insertStage(db: Executor, workspaceId: number, pipelineId: number, s: { name: string; probability: number; position: number }) {
  await db.insertInto('pipeline_stages').values({ workspace_id: workspaceId, pipeline_id: pipelineId, ...s }).execute();
}

export async function updateStage(db: Executor, workspaceId: number, id: number, s: { name: string; probability: number; position: number }) {
  await db.updateTable('pipeline_stages').set(s).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteStages(db: Executor, workspaceId: number, ids: number[]) {
  if (ids.length) await db.deleteFrom('pipeline_stages').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

/** Deals (of any status) per stage, to refuse removing a stage or pipeline that still holds some. */
export async function countDealsByStage(db: Executor, workspaceId: number, stageIds: number[]): Promise<Map<number, number>> {
  if (stageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('deals')
    .select(['stage_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('stage_id', 'in', stageIds)
    .groupBy('stage_id')
    .execute();
  return new Map(rows.map((r) => [r.stage_id, Number(r.n)]));
}

export function listLostReasons(db: Executor, workspaceId: number) {
  return db.selectFrom('lost_reasons').select(['id', 'label', 'position']).where('workspace_id', '=', workspaceId).orderBy('position').orderBy('id').execute();
}

export function findLostReason(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('lost_reasons').select(['id', 'label', 'position']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Undefined when the label is taken (lost_reasons_label_key). */
export function insertLostReason(db: Executor, workspaceId: number, label: string) {
  return db
    .insertInto('lost_reasons')
    .values({ workspace_id: workspaceId, label, position: sql<number>`(select coalesce(max(position), 0) + 1 from lost_reasons where workspace_id = ${workspaceId})` })
    .onConflict((oc) => oc.expression(sql`workspace_id, lower(label)`).doNothing())
    .returning(['id', 'label', 'position'])
    .executeTakeFirst();
}

export function findLostReasonByLabel(db: Executor, workspaceId: number, label: string) {
  return db.selectFrom('lost_reasons').select('id').where('workspace_id', '=', workspaceId).where(sql<boolean>`lower(label) = ${label.toLowerCase()}`).executeTakeFirst();
}

export function updateLostReason(db: Executor, workspaceId: number, id: number, label: string) {
  return db.updateTable('lost_reasons').set({ label }).where('workspace_id', '=', workspaceId).where('id', '=', id).returning(['id', 'label', 'position']).executeTakeFirst();
}

/** Deals lost for this reason keep their status; their reason becomes empty (on delete set null). */
export async function deleteLostReason(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('lost_reasons').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
