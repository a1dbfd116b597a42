import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import * as repo from './email-reports.repo.js';

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);
type Totals = NonNullable<ReturnType<Awaited<ReturnType<typeof repo.recipientTotals>>['get']>>;
type Engagement = NonNullable<ReturnType<Awaited<ReturnType<typeof repo.engagementTotals>>['get']>>;
const NO_TOTALS: Totals = { recipients: 0, sent: 0, failed: 0, pending: 0, hard: 0, soft: 0, policy: 0, complaints: 0, unsubscribes: 0 };
const NO_ENGAGEMENT: Engagement = { opens: 0, uniqueOpens: 0, machineOpens: 0, uniqueMachineOpens: 0, clicks: 0, uniqueClicks: 0, machineClicks: 0, unsubscribeEvents: 0 };

/**
 * The figures of one campaign. Delivered = sent and not bounced (no provider confirms delivery
 * over plain SMTP); rates are of delivered; click-to-open = unique human clickers over unique
 * human openers. Machine opens (privacy proxies) and clicks (link scanners) are counted apart.
 */
function figures(t: Totals, e: Engagement) {
  const bounced = t.hard + t.soft + t.policy;
  const delivered = Math.max(0, t.sent - bounced);
  return {
    recipients: t.recipients, sent: t.sent, failed: t.failed, pending: t.pending, delivered,
    bounced: { total: bounced, hard: t.hard, soft: t.soft, policy: t.policy },
    opens: { unique: e.uniqueOpens, total: e.opens, machineUnique: e.uniqueMachineOpens, machineTotal: e.machineOpens },
    clicks: { unique: e.uniqueClicks, total: e.clicks, machineTotal: e.machineClicks },
    unsubscribes: Math.max(t.unsubscribes, e.unsubscribeEvents), complaints: t.complaints,
    rates: {
      delivery: rate(delivered, t.sent), bounce: rate(bounced, t.sent), open: rate(e.uniqueOpens, delivered), click: rate(e.uniqueClicks, delivered),
      clickToOpen: rate(e.uniqueClicks, e.uniqueOpens), unsubscribe: rate(Math.max(t.unsubscribes, e.unsubscribeEvents), delivered), complaint: rate(t.complaints, delivered),
    },
  };
}

export async function getCampaignReport(o: { ctx: AppContext; actor: Actor; campaignId: number }) {
  const { ctx, actor, campaignId } = o;
  requirePermission(actor, 'campaigns:read');
  const ws = actor.workspaceId;
  const campaign = await repo.findCampaign(ctx.db, ws, campaignId);
  if (!campaign) throw AppError.notFound('Campaign');
  const [totals, engagement, links, byHour, byDomain] = await Promise.all([
    repo.recipientTotals(ctx.db, ws, [campaignId]), repo.engagementTotals(ctx.db, ws, [campaignId]), repo.linkClicks(ctx.db, ws, campaignId),
    campaign.started_at ? repo.eventsByHour(ctx.db, ws, campaignId, campaign.started_at) : [], repo.byRecipientDomain(ctx.db, ws, campaignId),
  ]);
  return {
    campaign: { id: Number(campaign.id), name: campaign.name, status: campaign.status, subject: campaign.subject, startedAt: campaign.started_at, finishedAt: campaign.finished_at },
    ...figures(totals.get(campaignId) ?? NO_TOTALS, engagement.get(campaignId) ?? NO_ENGAGEMENT),
    links, byHour, byDomain,
  };
}

/** Started campaigns side by side, newest first, with their headline rates. */
export async function listCampaignReports(o: { ctx: AppContext; actor: Actor; limit: number; cursor?: string }) {
  const { ctx, actor, limit } = o;
  requirePermission(actor, 'campaigns:read');
  const rows = await repo.startedCampaignsPage(ctx.db, { workspaceId: actor.workspaceId, beforeId: decodeIdCursor(o.cursor), limit });
  const ids = rows.slice(0, limit).map((r) => Number(r.id));
  const [totals, engagement] = await Promise.all([repo.recipientTotals(ctx.db, actor.workspaceId, ids), repo.engagementTotals(ctx.db, actor.workspaceId, ids)]);
  const items = rows.map((c) => ({ id: Number(c.id), name: c.name, status: c.status, startedAt: c.started_at, ...figures(totals.get(Number(c.id)) ?? NO_TOTALS, engagement.get(Number(c.id)) ?? NO_ENGAGEMENT) }));
  return pageOf(items, limit, (c) => [c.id]);
}

/** Bounces by class and the policy blocks per sending domain and account, over the last `days`. */
export async function getDeliverability(o: { ctx: AppContext; actor: Actor; days: number }) {
  const { ctx, actor } = o;
  requirePermission(actor, 'campaigns:read');
  const since = new Date(Date.now() - o.days * 86_400_000);
  const [byClass, policyBySender] = await Promise.all([repo.bouncesByClass(ctx.db, actor.workspaceId, since), repo.policyBlocksBySender(ctx.db, actor.workspaceId, since)]);
  return { since, byClass, policyBySender };
}

export async function listBounces(o: { ctx: AppContext; actor: Actor; limit: number; cursor?: string; class?: string; campaignId?: number }) {
  const { ctx, actor, limit } = o;
  requirePermission(actor, 'campaigns:read');
  const rows = await repo.bouncesPage(ctx.db, { workspaceId: actor.workspaceId, beforeId: decodeIdCursor(o.cursor), limit, class: o.class, campaignId: o.campaignId });
  const items = rows.map((b) => ({
    id: Number(b.id), email: b.email, kind: b.kind, class: b.class, statusCode: b.status_code, reason: b.reason, diagnostic: b.diagnostic, remoteMta: b.remote_mta,
    source: b.source, sendingDomain: b.sending_domain, campaignId: b.campaign_id === null ? null : Number(b.campaign_id), campaignName: b.campaign_name, occurredAt: b.occurred_at,
  }));
  return pageOf(items, limit, (b) => [b.id]);
}
