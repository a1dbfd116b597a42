import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { TicketPriority } from '../../db/schema-helpdesk.js';
import { cachePerOwner } from '../../lib/ttl-cache.js';
import { addBusinessMinutes, ALWAYS_OPEN, businessMillisBetween, type BusinessHours } from './business-clock.js';

export interface SlaPolicy {
  id: number;
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  warnBeforeMinutes: number;
  hours: BusinessHours;
}

/**
 * The policy that governs a ticket: the most specific one for its inbox and priority (inbox and
 * priority both named beats one of them, which beats a catch-all).
 */
export async function findSlaPolicy(db: Executor, workspaceId: number, inboxId: number | null, priority: TicketPriority): Promise<SlaPolicy | null> {
  const row = await db.selectFrom('sla_policies as p').leftJoin('business_hours as h', 'h.id', 'p.business_hours_id')
    .select(['p.id', 'p.first_response_minutes', 'p.next_response_minutes', 'p.resolution_minutes', 'p.warn_before_minutes', 'p.inbox_id', 'p.priority', 'h.time_zone', 'h.weekly', 'h.holidays'])
    .where('p.workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('p.inbox_id', 'is', null), ...(inboxId ? [eb('p.inbox_id', '=', inboxId)] : [])]))
    .where((eb) => eb.or([eb('p.priority', 'is', null), eb('p.priority', '=', priority)]))
    .orderBy((eb) => eb.case().when('p.inbox_id', 'is not', null).then(2).else(0).end(), 'desc')
    .orderBy((eb) => eb.case().when('p.priority', 'is not', null).then(1).else(0).end(), 'desc')
    .orderBy('p.id')
    .executeTakeFirst();
  if (!row) return null;
  const hours: BusinessHours = row.time_zone ? { timeZone: row.time_zone, weekly: row.weekly as BusinessHours['weekly'], holidays: (row.holidays as string[]) ?? [] } : ALWAYS_OPEN();
  return { id: row.id, firstResponseMinutes: row.first_response_minutes, nextResponseMinutes: row.next_response_minutes, resolutionMinutes: row.resolution_minutes, warnBeforeMinutes: row.warn_before_minutes, hours };
}

// Inbound mail and chat read the policy of every ticket they open: a change by another process
// counts within 10 s; sla.service clears this process's cache when it changes one.
const policyCache = cachePerOwner<string, SlaPolicy | null>(10_000);

/** findSlaPolicy, cached: for tickets opened by customers (mail, chat), read outside the transaction. */
export function cachedSlaPolicy(ctx: AppContext, workspaceId: number, inboxId: number | null, priority: TicketPriority): Promise<SlaPolicy | null> {
  return policyCache(ctx.db).get(`${workspaceId}:${inboxId}:${priority}`, () => findSlaPolicy(ctx.db, workspaceId, inboxId, priority));
}

export const forgetSlaPolicies = (ctx: AppContext) => policyCache(ctx.db).clear();

const due = (policy: SlaPolicy, from: Date, minutes: number | null) => (minutes ? addBusinessMinutes(policy.hours, from, minutes) : null);

/** What a new ticket stores of its policy: the policy and the first due times, counted from `createdAt`. */
export function initialDueDates(policy: SlaPolicy, createdAt: Date) {
  return {
    sla_policy_id: policy.id,
    first_response_due_at: due(policy, createdAt, policy.firstResponseMinutes),
    resolution_due_at: due(policy, createdAt, policy.resolutionMinutes),
  };
}

/** The customer wrote again after the first response: the next response is due. */
export const nextResponseDue = (policy: SlaPolicy, at: Date) => due(policy, at, policy.nextResponseMinutes);

/**
 * A pause [start, end) (the ticket waited on the customer) moves an outstanding due time by the
 * business time that was still left when the pause began. A due time already passed when the
 * pause began stays breached.
 */
export function shiftForPause(policy: SlaPolicy, dueAt: Date | null, start: Date, end: Date): Date | null {
  if (!dueAt || dueAt <= start) return dueAt;
  const left = businessMillisBetween(policy.hours, start, dueAt) / 60_000;
  return addBusinessMinutes(policy.hours, end, left);
}

export type SlaTargetState = 'met' | 'breached' | 'running' | 'paused';
export interface SlaTarget {
  dueAt: string;
  state: SlaTargetState;
}

/** What the ticket shows per target: met or breached once done, else running (or paused) against its due time. */
export function slaState(t: { first_response_due_at: Date | null; first_responded_at: Date | null; next_response_due_at: Date | null; resolution_due_at: Date | null; solved_at: Date | null; paused_since: Date | null }, now = new Date()) {
  const target = (dueAt: Date | null, doneAt: Date | null): SlaTarget | null => {
    if (!dueAt) return null;
    if (doneAt) return { dueAt: dueAt.toISOString(), state: doneAt <= dueAt ? 'met' : 'breached' };
    if (now > dueAt) return { dueAt: dueAt.toISOString(), state: 'breached' };
    return { dueAt: dueAt.toISOString(), state: t.paused_since ? 'paused' : 'running' };
  };
  return {
    firstResponse: target(t.first_response_due_at, t.first_responded_at),
    nextResponse: target(t.next_response_due_at, null),
    resolution: target(t.resolution_due_at, t.solved_at),
  };
}
