import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { forgetSlaPolicies } from './sla-clock.js';
import * as repo from './sla.repo.js';
import type { BusinessHoursInput, SlaPolicyInput, SlaPolicyPatch } from './sla.schema.js';

type HoursRow = NonNullable<Awaited<ReturnType<typeof repo.findBusinessHours>>>;
type PolicyRow = NonNullable<Awaited<ReturnType<typeof repo.findPolicy>>>;

const presentHours = (h: HoursRow) => ({ id: h.id, name: h.name, timeZone: h.time_zone, weekly: h.weekly, holidays: h.holidays, createdAt: h.created_at });
const presentPolicy = (p: PolicyRow) => ({
  id: p.id, name: p.name, inboxId: p.inbox_id, priority: p.priority, firstResponseMinutes: p.first_response_minutes,
  nextResponseMinutes: p.next_response_minutes, resolutionMinutes: p.resolution_minutes, warnBeforeMinutes: p.warn_before_minutes,
  businessHoursId: p.business_hours_id, createdAt: p.created_at,
});

/** Runs a change of hours or policies, then drops the cached policies (sla-clock.ts) so it counts at once. */
async function changing<T>(ctx: AppContext, change: Promise<T>): Promise<T> {
  try {
    return await change;
  } finally {
    forgetSlaPolicies(ctx);
  }
}

// Agents read the settings their tickets are measured by; changing them is an admin's job.
export async function listBusinessHours(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'tickets:read');
  return { data: (await repo.listBusinessHours(options.ctx.db, options.actor.workspaceId)).map(presentHours) };
}

export async function getBusinessHours(options: { ctx: AppContext; actor: Actor; id: number }) {
  requirePermission(options.actor, 'tickets:read');
  const row = await repo.findBusinessHours(options.ctx.db, options.actor.workspaceId, options.id);
  if (!row) throw AppError.notFound('Business hours');
  return presentHours(row);
}

export async function createBusinessHours(options: { ctx: AppContext; actor: Actor; input: BusinessHoursInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'tickets:manage');
  return changing(ctx, ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertBusinessHours(trx, actor.workspaceId, input);
    await insertAudit(trx, actor, { entity: 'business_hours', entityId: row.id, action: 'create', after: input });
    return presentHours(row);
  }));
}

/** Due times already set on tickets stay as they are; new ones and pause shifts use the new hours. */
export async function updateBusinessHours(options: { ctx: AppContext; actor: Actor; id: number; input: Partial<BusinessHoursInput> }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'tickets:manage');
  return changing(ctx, ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findBusinessHours(trx, actor.workspaceId, id);
    if (!before) throw AppError.notFound('Business hours');
    const row = (await repo.updateBusinessHours(trx, actor.workspaceId, id, input))!;
    await insertAudit(trx, actor, { entity: 'business_hours', entityId: id, action: 'update', before: presentHours(before), after: input });
    return presentHours(row);
  }));
}

/** Refused while a policy counts on these hours: deleting them would silently turn it to calendar time. */
export async function deleteBusinessHours(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'tickets:manage');
  await changing(ctx, ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findBusinessHours(trx, actor.workspaceId, id);
    if (!before) throw AppError.notFound('Business hours');
    const users = await repo.policiesUsingHours(trx, actor.workspaceId, id);
    if (users.length) throw AppError.conflict(`These hours are used by SLA policies: ${users.join(', ')}`, { policies: users });
    await repo.deleteBusinessHours(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'business_hours', entityId: id, action: 'delete', before: presentHours(before) });
  }));
}

export async function listSlaPolicies(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'tickets:read');
  return { data: (await repo.listPolicies(options.ctx.db, options.actor.workspaceId)).map(presentPolicy) };
}

export async function getSlaPolicy(options: { ctx: AppContext; actor: Actor; id: number }) {
  requirePermission(options.actor, 'tickets:read');
  const row = await repo.findPolicy(options.ctx.db, options.actor.workspaceId, options.id);
  if (!row) throw AppError.notFound('SLA policy');
  return presentPolicy(row);
}

async function checkReferences(db: Executor, workspaceId: number, input: SlaPolicyPatch) {
  if (input.inboxId && !(await repo.inboxExists(db, workspaceId, input.inboxId))) throw AppError.invalid({ path: 'inboxId', message: 'no such inbox' });
  if (input.businessHoursId && !(await repo.findBusinessHours(db, workspaceId, input.businessHoursId))) throw AppError.invalid({ path: 'businessHoursId', message: 'no such business hours' });
}

const policyColumns = (p: SlaPolicyPatch): repo.PolicyColumns => {
  const out: repo.PolicyColumns = {};
  if (p.name !== undefined) out.name = p.name;
  if (p.inboxId !== undefined) out.inbox_id = p.inboxId;
  if (p.priority !== undefined) out.priority = p.priority;
  if (p.firstResponseMinutes !== undefined) out.first_response_minutes = p.firstResponseMinutes;
  if (p.nextResponseMinutes !== undefined) out.next_response_minutes = p.nextResponseMinutes;
  if (p.resolutionMinutes !== undefined) out.resolution_minutes = p.resolutionMinutes;
  if (p.warnBeforeMinutes !== undefined) out.warn_before_minutes = p.warnBeforeMinutes;
  if (p.businessHoursId !== undefined) out.business_hours_id = p.businessHoursId;
  return out;
};

/** A policy applies to tickets opened after it exists; tickets already open keep their due times. */
export async function createSlaPolicy(options: { ctx: AppContext; actor: Actor; input: SlaPolicyInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'tickets:manage');
  await checkReferences(ctx.db, actor.workspaceId, input);
  return changing(ctx, ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertPolicy(trx, actor.workspaceId, { ...policyColumns(input), name: input.name });
    await insertAudit(trx, actor, { entity: 'sla_policy', entityId: row.id, action: 'create', after: input });
    return presentPolicy(row);
  }));
}

export async function updateSlaPolicy(options: { ctx: AppContext; actor: Actor; id: number; input: SlaPolicyPatch }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'tickets:manage');
  await checkReferences(ctx.db, actor.workspaceId, input);
  return changing(ctx, ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findPolicy(trx, actor.workspaceId, id);
    if (!before) throw AppError.notFound('SLA policy');
    const merged = { ...presentPolicy(before), ...input };
    if (!merged.firstResponseMinutes && !merged.nextResponseMinutes && !merged.resolutionMinutes) {
      throw AppError.invalid({ path: 'firstResponseMinutes', message: 'keep at least one target: first response, next response or resolution' });
    }
    const row = (await repo.updatePolicy(trx, actor.workspaceId, id, policyColumns(input)))!;
    await insertAudit(trx, actor, { entity: 'sla_policy', entityId: id, action: 'update', before: presentPolicy(before), after: input });
    return presentPolicy(row);
  }));
}

export async function deleteSlaPolicy(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'tickets:manage');
  await changing(ctx, ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findPolicy(trx, actor.workspaceId, id);
    if (!before) throw AppError.notFound('SLA policy');
    await repo.deletePolicy(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'sla_policy', entityId: id, action: 'delete', before: presentPolicy(before) });
  }));
}
