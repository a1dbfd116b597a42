import { sql } from 'kysely';
import { jsonb, type Executor } from '../../db/executor.js';
import type { TicketBulkStatus } from '../../db/schema-helpdesk.js';

/** The SQL of bulk ticket operations: the frozen selection and the progress the UI polls. */
const columns = ['id', 'workspace_id', 'actor', 'action', 'total', 'processed', 'status', 'result', 'error', 'created_at', 'finished_at'] as const;

export async function insertOperation(db: Executor, op: { workspaceId: number; actor: object; action: object; ids: number[]; status: TicketBulkStatus }): Promise<number> {
  const row = await db.insertInto('ticket_bulk_operations').values({
    workspace_id: op.workspaceId, actor: jsonb(op.actor), action: jsonb(op.action), total: op.ids.length, status: op.status,
    // One jsonb parameter, not a placeholder per id: both engines read it the same way.
    ticket_ids: sql<number[]>`array(select (jsonb_array_elements_text(${JSON.stringify(op.ids)}::jsonb))::bigint)`,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findOperation(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('ticket_bulk_operations').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** The operation and the slice of its selection after `processed`. */
export async function nextSlice(db: Executor, id: number, size: number) {
  const row = await db.selectFrom('ticket_bulk_operations').select(['workspace_id', 'actor', 'action', 'status', 'processed', 'total', 'result',
    sql<number[]>`ticket_ids[processed + 1 : processed + ${size}]`.as('slice')]).where('id', '=', id).executeTakeFirst();
  return row && { ...row, slice: (row.slice ?? []).map(Number) };
}

export function saveProgress(db: Executor, id: number, p: { processed: number; status: TicketBulkStatus; result: object; error?: string | null }) {
  return db.updateTable('ticket_bulk_operations').set({
    processed: p.processed, status: p.status, result: JSON.stringify(p.result), error: p.error ?? null,
    ...(p.status === 'done' || p.status === 'failed' ? { finished_at: new Date() } : {}),
  }).where('id', '=', id).execute();
}
