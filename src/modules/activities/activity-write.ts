import type { ActivityType } from '../../db/schema.js';
import type { DealScope } from '../deals/deals.repo.js';
import type { ActivityRow, ActivityWrite } from './activities.repo.js';
import type { UpdateActivityInput } from './activities.schema.js';

/** API input → columns. `occurred_at` places the activity in time: call time, meeting start, task due. */
export function buildActivityWrite(type: ActivityType, input: UpdateActivityInput, now: Date, creating: boolean): ActivityWrite {
  const w: ActivityWrite = {};
  if (input.subject !== undefined) w.subject = input.subject;
  if (input.notes !== undefined) w.notes = input.notes ?? null;
  if (input.dealId !== undefined) w.deal_id = input.dealId ?? null;
  if (input.contactId !== undefined) w.contact_id = input.contactId ?? null;
  if (input.companyId !== undefined) w.company_id = input.companyId ?? null;
  if (input.assigneeId !== undefined) w.assignee_id = input.assigneeId ?? null;
  if (input.done !== undefined) w.done_at = input.done ? now : null;
  if (input.direction !== undefined) w.call_direction = input.direction;
  if (input.outcome !== undefined) w.call_outcome = input.outcome ?? null;
  if (input.durationSeconds !== undefined) w.call_duration_seconds = input.durationSeconds ?? null;
  if (input.startAt !== undefined) w.meeting_start_at = input.startAt;
  if (input.endAt !== undefined) w.meeting_end_at = input.endAt;
  if (input.location !== undefined) w.meeting_location = input.location ?? null;
  if (input.attendees !== undefined) w.attendees = input.attendees;
  if (input.dueAt !== undefined) w.due_at = input.dueAt ?? null;
  if (type === 'call' && (input.occurredAt || creating)) w.occurred_at = input.occurredAt ?? now;
  if (type === 'meeting' && input.startAt) w.occurred_at = input.startAt;
  if (type === 'task' && (input.dueAt !== undefined || creating)) w.occurred_at = input.dueAt ?? now;
  return w;
}

export function presentActivity(r: ActivityRow) {
  return {
    id: r.id,
    type: r.type,
    subject: r.subject,
    notes: r.notes,
    dealId: r.deal_id,
    deal: r.deal_id ? { id: r.deal_id, title: r.deal_title ?? '' } : null,
    /** Internal: decides whether the actor may see the deal; never shown (see showActivity). */
    dealOwnerId: r.deal_owner_id,
    contactId: r.contact_id,
    contact: r.contact_id ? { id: r.contact_id, fullName: r.contact_name ?? '' } : null,
    companyId: r.company_id,
    company: r.company_id ? { id: r.company_id, name: r.company_name ?? '' } : null,
    assigneeId: r.assignee_id,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    occurredAt: r.occurred_at,
    dueAt: r.due_at,
    done: r.done_at !== null,
    doneAt: r.done_at,
    call: r.type === 'call' ? { direction: r.call_direction, outcome: r.call_outcome, durationSeconds: r.call_duration_seconds } : null,
    meeting: r.type === 'meeting' ? { startAt: r.meeting_start_at, endAt: r.meeting_end_at, location: r.meeting_location, attendees: r.attendees } : null,
    followUpOf: r.follow_up_of,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type ActivityOut = ReturnType<typeof presentActivity>;

/** Whether a deal (given by its owner) is in the deal scope of an actor (activityDealScope). */
export function dealVisibleTo(deals: DealScope | null, dealOwnerId: number | null): boolean {
  return deals !== null && (deals.all || (deals.ownerId !== null && dealOwnerId === deals.ownerId));
}

/**
 * An activity as the actor is shown it. A user may see an activity on a deal outside their deal
 * scope because it is assigned to them (a sales user limited to own deals, or a role that sees
 * no deals); then the deal is left out — no id, no title — and `dealHidden` says there is one.
 */
export function showActivity(a: ActivityOut, deals: DealScope | null) {
  const { dealOwnerId, ...shown } = a;
  return a.dealId === null || dealVisibleTo(deals, dealOwnerId) ? { ...shown, dealHidden: false } : { ...shown, dealId: null, deal: null, dealHidden: true };
}
export type ActivityShown = ReturnType<typeof showActivity>;
