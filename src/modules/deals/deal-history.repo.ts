import { sql } from 'kysely';
import { jsonb, type Executor } from '../../db/executor.js';

/** Opens a stay in a stage (the deal was created in it, moved to it, or reopened in it). */
export async function enterStage(db: Executor, workspaceId: number, row: { dealId: number; fromStageId: number | null; toStageId: number; actorUserId: number | null; at: Date }) {
  await db.insertInto('deal_stage_history').values({
    workspace_id: workspaceId, deal_id: row.dealId, from_stage_id: row.fromStageId, to_stage_id: row.toStageId, entered_at: row.at, actor_user_id: row.actorUserId,
  }).execute();
}

/** Ends the current stay (on a move, or when the deal is won or lost). */
export async function leaveStage(db: Executor, workspaceId: number, dealId: number, at: Date) {
  await db.updateTable('deal_stage_history').set({ left_at: at }).where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId).where('left_at', 'is', null).execute();
}

/** Every stay of one deal in order, with the time spent (to now for the current stay). */
export function listStageHistory(db: Executor, workspaceId: number, dealId: number) {
  return db
    .selectFrom('deal_stage_history as h')
    .innerJoin('pipeline_stages as t', 't.id', 'h.to_stage_id')
    .leftJoin('pipeline_stages as f', 'f.id', 'h.from_stage_id')
    .select([
      'h.id', 'h.from_stage_id', 'f.name as from_stage_name', 'h.to_stage_id', 't.name as to_stage_name', 'h.entered_at', 'h.left_at',
      sql<number>`round(extract(epoch from coalesce(h.left_at, now()) - h.entered_at))::int8`.as('seconds'),
    ])
    .where('h.workspace_id', '=', workspaceId)
    .where('h.deal_id', '=', dealId)
    .orderBy('h.entered_at').orderBy('h.id')
    .execute();
}

export interface DealEvent {
  workspaceId: number;
  dealId: number;
  kind: string;
  actorUserId: number | null;
  data: Record<string, unknown>;
}

/** Rows of the deal's own timeline (contact and company rows go through insertTimelineEvents). */
export async function insertDealEvents(db: Executor, events: DealEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('timeline_events')
    .values(events.map((e) => ({ workspace_id: e.workspaceId, deal_id: e.dealId, kind: e.kind, actor_user_id: e.actorUserId, data: jsonb(e.data) })))
    .execute();
}

/** Newest first; timeline_deal_idx (deal_id, occurred_at desc, id desc) serves the row comparison. */
export function listDealTimelinePage(db: Executor, q: { workspaceId: number; dealId: number; limit: number; before?: [string, number] }) {
  let query = db
    .selectFrom('timeline_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.kind', 'e.occurred_at', sql<string>`e.occurred_at::text`.as('occurred_key'), 'e.actor_user_id', 'u.name as actor_name', 'e.data'])
    .where('e.workspace_id', '=', q.workspaceId)
    .where('e.deal_id', '=', q.dealId);
  if (q.before) query = query.where(sql<boolean>`(e.occurred_at, e.id) < (${q.before[0]}::timestamptz, ${q.before[1]})`);
  return query.orderBy('e.occurred_at', 'desc').orderBy('e.id', 'desc').limit(q.limit + 1).execute();
}
