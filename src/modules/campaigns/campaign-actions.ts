import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { can, requirePermission, type Actor } from '../auth/permissions.js';
import { cancelCampaignSend, pauseCampaignSend, resumeCampaignSend, startCampaignSend, type SendState } from '../delivery/delivery.service.js';
import { assertReady, evaluateChecklist } from './campaign-checklist.js';
import * as repo from './campaigns.repo.js';
import type { ScheduleInput } from './campaigns.schema.js';
import { loadCampaign, presentCampaign, type CampaignOut } from './campaigns.service.js';

type Options = { ctx: AppContext; actor: Actor; id: number };

/** Sends now: the checklist must pass (its blocking reasons are the refusal), then send freezes and starts. */
export async function sendCampaignNow(o: Options): Promise<SendState> {
  const { ctx, actor, id } = o;
  requirePermission(actor, 'campaigns:send');
  const campaign = await loadCampaign(ctx.db, actor, id);
  if (campaign.status !== 'draft') throw AppError.conflict(`A ${campaign.status} campaign cannot be sent`, { fields: [{ path: 'status', message: `is ${campaign.status}` }] });
  assertReady(await evaluateChecklist(ctx, actor, campaign));
  return startCampaignSend({ ctx, actor, campaignId: id });
}

/** The wall-clock time in a zone, as an instant; a bad zone or a time not in the future is a 400. */
export function scheduledInstant(input: ScheduleInput, now = new Date()): Date {
  const zone = DateTime.local().setZone(input.timeZone);
  if (!zone.isValid) throw AppError.invalid({ path: 'timeZone', message: `unknown time zone "${input.timeZone}"` });
  const at = DateTime.fromISO(input.sendAt, { zone: input.timeZone });
  if (!at.isValid) throw AppError.invalid({ path: 'sendAt', message: at.invalidExplanation ?? 'not a valid date and time' });
  if (at.toMillis() <= now.getTime()) throw AppError.invalid({ path: 'sendAt', message: 'must be in the future' });
  return at.toJSDate();
}

export async function scheduleCampaign(o: Options & { input: ScheduleInput }): Promise<CampaignOut> {
  const { ctx, actor, id, input } = o;
  requirePermission(actor, 'campaigns:send');
  const at = scheduledInstant(input);
  assertReady(await evaluateChecklist(ctx, actor, await loadCampaign(ctx.db, actor, id)));
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadCampaign(trx, actor, id, true);
    if (before.status !== 'draft') throw AppError.conflict(`A ${before.status} campaign cannot be scheduled`, { fields: [{ path: 'status', message: `is ${before.status}` }] });
    await repo.updateCampaign(trx, actor.workspaceId, id, { status: 'scheduled', scheduled_at: at, time_zone: input.timeZone });
    const out = presentCampaign((await repo.findCampaign(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'campaign', entityId: id, action: 'schedule', before: { status: before.status }, after: { scheduledAt: at, timeZone: input.timeZone } });
    return out;
  });
}

/** Back to a draft (to edit it); the time is kept as a suggestion. */
export async function unscheduleCampaign(o: Options): Promise<CampaignOut> {
  const { ctx, actor, id } = o;
  requirePermission(actor, 'campaigns:send');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadCampaign(trx, actor, id, true);
    if (before.status !== 'scheduled') throw AppError.conflict(`A ${before.status} campaign is not scheduled`);
    await repo.updateCampaign(trx, actor.workspaceId, id, { status: 'draft' });
    await insertAudit(trx, actor, { entity: 'campaign', entityId: id, action: 'unschedule', before: { status: 'scheduled' }, after: { status: 'draft' } });
    return presentCampaign((await repo.findCampaign(trx, actor.workspaceId, id))!);
  });
}

export const pauseCampaign = (o: Options) => pauseCampaignSend({ ctx: o.ctx, actor: o.actor, campaignId: o.id });
export const resumeCampaign = (o: Options) => resumeCampaignSend({ ctx: o.ctx, actor: o.actor, campaignId: o.id });
export const cancelCampaign = (o: Options) => cancelCampaignSend({ ctx: o.ctx, actor: o.actor, campaignId: o.id });

export const CAMPAIGNS_DUE_QUEUE = 'campaigns-due';

/**
 * Starts every scheduled campaign whose time has come, as the user who scheduled it (their role
 * now: a user since demoted or removed cannot send). A campaign that no longer passes the
 * checklist (a domain lost its verification, the audience emptied) is marked failed with the
 * reasons in the audit log rather than retried forever. startCampaignSend re-checks the status
 * under a row lock, so two processes ticking at once start it once.
 */
export async function startDueCampaigns(ctx: AppContext, now = new Date()): Promise<{ started: number; failed: number }> {
  let started = 0;
  let failed = 0;
  for (const due of await repo.dueCampaigns(ctx.db, now, 50)) {
    const ws = Number(due.workspace_id);
    const user = due.created_by === null ? undefined : await repo.userRole(ctx.db, ws, Number(due.created_by));
    const actor: Actor = { workspaceId: ws, role: user?.role ?? 'agency', userId: user ? Number(user.id) : null, apiKeyId: null, label: user ? `user:${user.email}` : 'scheduler' };
    const id = Number(due.id);
    try {
      if (!user || !can(actor, 'campaigns:send')) throw AppError.forbidden('campaigns:send');
      assertReady(await evaluateChecklist(ctx, actor, (await repo.findCampaign(ctx.db, ws, id))!));
      await startCampaignSend({ ctx, actor, campaignId: id });
      started++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'CONFLICT') continue; // another process started it
      await ctx.db.transaction().execute(async (trx) => {
        await repo.updateCampaign(trx, ws, id, { status: 'failed' });
        await insertAudit(trx, actor, { entity: 'campaign', entityId: id, action: 'schedule_failed', after: { reason: err.message } });
      });
      ctx.log.warn({ campaignId: id, reason: err.message }, 'scheduled campaign not started');
      failed++;
    }
  }
  return { started, failed };
}

export async function registerCampaignScheduler(ctx: AppContext): Promise<void> {
  await ctx.queue.work(CAMPAIGNS_DUE_QUEUE, async () => { await startDueCampaigns(ctx); });
  await ctx.queue.schedule(CAMPAIGNS_DUE_QUEUE, '* * * * *');
}
