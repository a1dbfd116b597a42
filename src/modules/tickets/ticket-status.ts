import type { Executor } from '../../db/executor.js';
import type { TicketStatus } from '../../db/schema-helpdesk.js';
import { findSlaPolicy, shiftForPause } from '../sla/sla-clock.js';
import type { TicketPatch, TicketRow } from './tickets.repo.js';

/**
 * What else changes when a ticket's status does. Pending means waiting on the customer: the SLA
 * clock pauses (paused_since) and, when the ticket leaves pending, the pause is recorded and every
 * outstanding due time moves by the business time the pause took. Solved stamps solved_at (the
 * resolution target is met or breached then); reopening clears it.
 */
export async function statusChange(db: Executor, workspaceId: number, t: TicketRow, to: TicketStatus): Promise<TicketPatch> {
  const patch: TicketPatch = {};
  const now = new Date();
  if (t.status === 'pending' && to !== 'pending' && t.paused_since) {
    const start = t.paused_since;
    patch.paused_since = null;
    patch.sla_pauses = JSON.stringify([...(t.sla_pauses ?? []), [start.toISOString(), now.toISOString()]].slice(-200));
    const policy = t.sla_policy_id ? await findSlaPolicy(db, workspaceId, t.inbox_id, t.priority) : null;
    if (policy) {
      if (!t.first_responded_at) patch.first_response_due_at = shiftForPause(policy, t.first_response_due_at, start, now);
      patch.next_response_due_at = shiftForPause(policy, t.next_response_due_at, start, now);
      if (!t.solved_at) patch.resolution_due_at = shiftForPause(policy, t.resolution_due_at, start, now);
    }
  }
  if (to === 'pending' && t.status !== 'pending') patch.paused_since = now;
  if ((to === 'solved' || to === 'closed') && !t.solved_at) patch.solved_at = now;
  if ((to === 'open' || to === 'new' || to === 'pending' || to === 'on_hold') && t.solved_at) patch.solved_at = null;
  return patch;
}
