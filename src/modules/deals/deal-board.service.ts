import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { pageOf } from '../../lib/cursor.js';
import { decodeKeysetCursor } from '../../lib/keyset.js';
import type { Actor } from '../auth/permissions.js';
import { getPipeline } from '../pipelines/pipelines.service.js';
import { dealScope } from './deal-access.js';
import { presentDeal } from './deal-write.js';
import * as repo from './deals.repo.js';
import type { BoardQuery } from './deals.schema.js';

/**
 * The kanban board of a pipeline: per stage its open deals (newest first, `limit` per column,
 * keyset "load more" per column with stageId + cursor) and the column's count and total value
 * per currency (no conversion: amounts in different currencies are never added together).
 */
export async function getBoard(options: { ctx: AppContext; actor: Actor; pipelineId: number; query: BoardQuery }) {
  const { ctx, actor, pipelineId, query } = options;
  const scope = await dealScope(ctx.db, actor);
  const pipeline = await getPipeline({ ctx, actor, id: pipelineId });
  let stages = pipeline.stages;
  if (query.stageId !== undefined) {
    stages = stages.filter((s) => s.id === query.stageId);
    if (!stages.length) throw AppError.invalid({ path: 'stageId', message: `stage ${query.stageId} is not in pipeline ${pipelineId}` });
  } else if (query.cursor) {
    throw AppError.invalid({ path: 'cursor', message: 'give stageId with cursor: a cursor pages one column' });
  }
  // A user limited to their own deals asking for someone else's gets empty columns.
  const totalsOwner = scope.all ? query.ownerId : query.ownerId && query.ownerId !== scope.ownerId ? null : scope.ownerId;
  const totals = await repo.boardTotals(ctx.db, actor.workspaceId, stages.map((s) => s.id), totalsOwner);
  const sort = repo.dealSortKey('createdAt');
  const after = decodeKeysetCursor(query.cursor, sort);
  const columns = [];
  for (const stage of stages) {
    const rows = await repo.listDealsPage(ctx.db, {
      workspaceId: actor.workspaceId, scope, limit: query.limit, sort: 'createdAt', order: 'desc', after,
      stageId: stage.id, status: 'open', ownerId: query.ownerId, filters: [], defs: [],
    });
    const page = pageOf(rows, query.limit, (r) => [r.sort_key, r.id]);
    const mine = totals.filter((t) => t.stage_id === stage.id);
    columns.push({
      ...stage,
      count: mine.reduce((n, t) => n + Number(t.n), 0),
      totals: mine.map((t) => ({ currency: t.currency, value: Number(t.total), weighted: Math.round(Number(t.total) * stage.probability) / 100 })),
      deals: page.data.map(presentDeal),
      nextCursor: page.nextCursor,
    });
  }
  return { pipeline: { id: pipeline.id, name: pipeline.name }, stages: columns };
}
