import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { can, type Actor } from '../auth/permissions.js';
import { queueCsatSurvey } from '../csat/csat.job.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import * as inboxes from './inboxes.repo.js';
import { statusChange } from './ticket-status.js';
import * as repo from './tickets.repo.js';
import type { UpdateTicketInput } from './tickets.schema.js';

/** A ticket may be given only to an active member of the workspace who works tickets. */
export async function checkAssignee(db: Executor, actor: Actor, assigneeId: number | null | undefined, path = 'assigneeId'): Promise<void> {
  if (!assigneeId) return;
  const role = await inboxes.activeMemberRole(db, actor.workspaceId, assigneeId);
  if (!role || !can({ ...actor, role }, 'tickets:write')) throw AppError.invalid({ path, message: 'not an active user who works tickets in this workspace' });
}

/**
 * One ticket's change, as an edit and a bulk action both make it, inside the caller's transaction
 * with the ticket locked: what a status change brings along (the SLA pause, solved_at), the
 * timeline event, and the satisfaction survey when it becomes solved. The caller audits.
 */
export async function applyTicketChange(ctx: AppContext, trx: Executor, actor: Actor, t: repo.TicketRow, input: UpdateTicketInput): Promise<void> {
  const ws = actor.workspaceId;
  const statusChanged = input.status !== undefined && input.status !== t.status;
  const patch = statusChanged ? await statusChange(trx, ws, t, input.status!) : {};
  await repo.updateTicket(trx, ws, t.id, { ...patch, status: input.status, priority: input.priority, subject: input.subject, tags: input.tags, ...(input.assigneeId !== undefined ? { assignee_id: input.assigneeId } : {}) });
  if (statusChanged) {
    await insertTimelineEvents(trx, [{ workspaceId: ws, contactId: t.contact_id, kind: 'ticket_status_changed', actorUserId: actor.userId, data: { ticketId: t.id, from: t.status, to: input.status } }]);
    if (input.status === 'solved') await queueCsatSurvey(ctx, trx, t.id);
  }
}
