import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { compileMjml } from '../../mail/render-message.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { rawExecutorOf } from '../notifications/notifications.repo.js';
import { audienceQuery } from '../campaigns/audience-query.js';
import { findTemplate } from '../templates/templates.repo.js';
import { registerCampaignLinks } from '../tracking/tracking.repo.js';
import * as repo from './delivery.repo.js';

export const CAMPAIGN_SEND_QUEUE = 'campaign-send';
export interface CampaignSendJob { workspaceId: number; campaignId: number }

/** Jobs per campaign: each claims batches on its own, so up to this many processes share a send. */
export const SEND_LANES = 3;

/** A freeze this big refreshes the planner's statistics of campaign_recipients (as imports do for contacts). */
const ANALYZE_AFTER = 1000;

export interface SendState { id: number; status: string; recipientCount: number }

function stateOf(c: repo.CampaignRow): SendState {
  return { id: Number(c.id), status: c.status, recipientCount: c.recipient_count };
}

async function loadCampaign(db: Executor, actor: Actor, campaignId: number) {
  const campaign = await repo.findCampaign(db, actor.workspaceId, campaignId, true);
  if (!campaign) throw AppError.notFound('Campaign');
  return campaign;
}

function refuse(campaign: repo.CampaignRow, action: string): never {
  throw AppError.conflict(`A campaign that is ${campaign.status} cannot be ${action}`, { status: campaign.status });
}

/** Enqueues the send lanes through the caller's transaction: they exist only if the change commits. */
export async function enqueueLanes(ctx: AppContext, db: Executor, job: CampaignSendJob) {
  for (let lane = 0; lane < SEND_LANES; lane++) {
    await ctx.queue.send(CAMPAIGN_SEND_QUEUE, job, { singletonKey: `campaign-${job.campaignId}-${lane}`, db: rawExecutorOf(db) });
  }
}

/**
 * Starts sending a draft or scheduled campaign: compiles its MJML once into compiled_html,
 * freezes the audience into campaign_recipients with ONE INSERT … SELECT through the send guard's
 * rules (campaigns/audience-query.ts), numbers its tracked links, and enqueues the send jobs — all in
 * one transaction, so a failure leaves the campaign as it was. The caller (camp's checklist)
 * decides whether the content may go out; this refuses only what cannot be sent at all.
 */
export async function startCampaignSend(o: { ctx: AppContext; actor: Actor; campaignId: number }): Promise<SendState> {
  const { ctx, actor, campaignId } = o;
  requirePermission(actor, 'campaigns:send');
  const draft = await repo.findCampaign(ctx.db, actor.workspaceId, campaignId);
  if (!draft) throw AppError.notFound('Campaign');
  if (draft.template_id === null) throw AppError.invalid({ path: 'templateId', message: 'choose a template before sending' });
  const template = await findTemplate(ctx.db, actor.workspaceId, draft.template_id);
  if (!template) throw AppError.invalid({ path: 'templateId', message: 'the template no longer exists' });
  if (!draft.from_email) throw AppError.invalid({ path: 'fromEmail', message: 'set a from address before sending' });
  const compiledHtml = await compileMjml(template.mjml, 'template.mjml');
  return ctx.db.transaction().execute(async (trx) => {
    const campaign = await loadCampaign(trx, actor, campaignId);
    if (campaign.status !== 'draft' && campaign.status !== 'scheduled') refuse(campaign, 'started');
    // The freeze is one statement over the whole audience: bounded by minutes, not a request's 15 s.
    if (ctx.database.kind === 'postgres') await sql`set local statement_timeout = '300s'`.execute(trx);
    await freezeAudience(ctx, trx, actor, campaign);
    await registerCampaignLinks(trx, { workspaceId: actor.workspaceId, campaignId, html: compiledHtml });
    const count = await repo.countRecipients(trx, actor.workspaceId, campaignId);
    if (count >= ANALYZE_AFTER) await repo.analyzeRecipients(trx);
    if (count === 0) throw AppError.invalid({ path: 'listIds', message: 'the audience is empty: nobody on these lists may receive marketing email' });
    await repo.setCampaignStatus(trx, actor.workspaceId, campaignId, 'sending', { started_at: new Date(), compiled_html: compiledHtml, recipient_count: count });
    await insertAudit(trx, actor, { entity: 'campaign', entityId: campaignId, action: 'send', after: { recipientCount: count } });
    await enqueueLanes(ctx, trx, { workspaceId: actor.workspaceId, campaignId });
    return { id: campaignId, status: 'sending', recipientCount: count };
  });
}

/**
 * The audience, frozen: one INSERT … SELECT, one row per address (campaign_recipients_once_key);
 * suppressions, consent and address syntax are all in the query, so nothing is refused afterwards.
 */
async function freezeAudience(ctx: AppContext, trx: Executor, actor: Actor, campaign: repo.CampaignRow) {
  const audience = { listIds: campaign.list_ids, includeSegmentIds: campaign.include_segment_ids, excludeSegmentIds: campaign.exclude_segment_ids };
  await repo.freezeRecipients(trx, actor.workspaceId, Number(campaign.id), await audienceQuery({ ctx, actor, audience, db: trx }));
}

/** Stops a sending campaign after the batches in flight; queued rows wait for resume. */
export async function pauseCampaignSend(o: { ctx: AppContext; actor: Actor; campaignId: number }): Promise<SendState> {
  return transition(o, ['sending'], 'paused', 'paused');
}

export async function resumeCampaignSend(o: { ctx: AppContext; actor: Actor; campaignId: number }): Promise<SendState> {
  return transition(o, ['paused'], 'sending', 'resumed', async (trx) => enqueueLanes(o.ctx, trx, { workspaceId: o.actor.workspaceId, campaignId: o.campaignId }));
}

/** Cancels a scheduled, sending or paused campaign; what was not sent is marked skipped. */
export async function cancelCampaignSend(o: { ctx: AppContext; actor: Actor; campaignId: number }): Promise<SendState> {
  return transition(o, ['scheduled', 'sending', 'paused'], 'cancelled', 'cancelled', async (trx) => repo.skipUnsent(trx, o.actor.workspaceId, o.campaignId));
}

async function transition(
  o: { ctx: AppContext; actor: Actor; campaignId: number },
  from: string[], to: 'paused' | 'sending' | 'cancelled', verb: string,
  then?: (trx: Executor) => Promise<void>,
): Promise<SendState> {
  const { ctx, actor, campaignId } = o;
  requirePermission(actor, 'campaigns:send');
  return ctx.db.transaction().execute(async (trx) => {
    const campaign = await loadCampaign(trx, actor, campaignId);
    if (!from.includes(campaign.status)) refuse(campaign, verb);
    await repo.setCampaignStatus(trx, actor.workspaceId, campaignId, to, to === 'cancelled' ? { finished_at: new Date() } : {});
    await then?.(trx);
    await insertAudit(trx, actor, { entity: 'campaign', entityId: campaignId, action: verb, before: { status: campaign.status }, after: { status: to } });
    return { ...stateOf(campaign), status: to };
  });
}

/** How far a send is: recipients per state. */
export async function getSendProgress(o: { ctx: AppContext; actor: Actor; campaignId: number }) {
  const { ctx, actor, campaignId } = o;
  requirePermission(actor, 'campaigns:read');
  const campaign = await repo.findCampaign(ctx.db, actor.workspaceId, campaignId);
  if (!campaign) throw AppError.notFound('Campaign');
  return { ...stateOf(campaign), progress: await repo.sendProgress(ctx.db, actor.workspaceId, campaignId) };
}
