import type { Executor } from '../../db/executor.js';
import type { FieldIssue } from '../../lib/app-error.js';
import type { Actor } from '../auth/permissions.js';
import { existingIds } from '../contacts/contacts.repo.js';
import { findPipelineRow, findStage, listStages, type StageRow } from '../pipelines/pipelines.repo.js';
import { existingContactIds, type DealWrite } from './deals.repo.js';

/**
 * The stage a deal goes into: the given one, which must belong to the pipeline, or the
 * pipeline's first stage. Problems are field issues (400), never a half-made deal.
 */
export async function resolveStage(db: Executor, actor: Actor, pipelineId: number, stageId: number | undefined): Promise<{ stage?: StageRow; issues: FieldIssue[] }> {
  if (!(await findPipelineRow(db, actor.workspaceId, pipelineId))) return { issues: [{ path: 'pipelineId', message: `pipeline ${pipelineId} does not exist in this workspace` }] };
  if (stageId === undefined) {
    const [first] = await listStages(db, actor.workspaceId, [pipelineId]);
    return first ? { stage: first, issues: [] } : { issues: [{ path: 'pipelineId', message: 'the pipeline has no stages' }] };
  }
  const stage = await findStage(db, actor.workspaceId, stageId);
  if (!stage) return { issues: [{ path: 'stageId', message: `stage ${stageId} does not exist in this workspace` }] };
  if (stage.pipeline_id !== pipelineId) return { issues: [{ path: 'stageId', message: `stage ${stageId} belongs to another pipeline (${stage.pipeline_id}), not ${pipelineId}` }] };
  return { stage, issues: [] };
}

/** Owner, company and contacts must be records of the actor's workspace. */
export async function checkDealReferences(db: Executor, actor: Actor, write: DealWrite, contactIds: number[] | undefined): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (write.owner_id && !(await existingIds(db, 'users', actor.workspaceId, [write.owner_id])).size) {
    issues.push({ path: 'ownerId', message: `user ${write.owner_id} does not exist in this workspace` });
  }
  if (write.company_id && !(await existingIds(db, 'companies', actor.workspaceId, [write.company_id])).size) {
    issues.push({ path: 'companyId', message: `company ${write.company_id} does not exist in this workspace` });
  }
  if (contactIds?.length) {
    const found = await existingContactIds(db, actor.workspaceId, contactIds);
    contactIds.forEach((id, i) => {
      if (!found.has(id)) issues.push({ path: `contactIds.${i}`, message: `contact ${id} does not exist in this workspace` });
    });
  }
  return issues;
}
