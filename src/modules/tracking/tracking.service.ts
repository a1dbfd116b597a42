import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { ALL_LINKS_WINDOW_MS, isMachineClick, isMachineOpen } from './machine-detection.js';
import * as repo from './tracking.repo.js';
import { verifyTracking } from './tracking-tokens.js';

export interface Visitor { ip: string | null; userAgent: string | null }

const badToken = () => AppError.invalid({ path: 'token', message: 'is not a tracking link of this server' });

/**
 * An open: an email_events row (machine or not), the recipient's first human open, and a human
 * open on the contact's timeline; in one transaction. Machine opens (privacy proxies, scanners)
 * are kept for the report but never reach the timeline, where segments would read them as interest.
 */
export async function recordOpen(ctx: AppContext, token: string, v: Visitor, now = new Date()): Promise<void> {
  const claims = verifyTracking(ctx.secret, token, 'o');
  if (!claims) throw badToken();
  const r = await repo.findTrackedRecipient(ctx.db, claims);
  if (!r) return;
  const machine = isMachineOpen(v);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertEngagement(trx, claims, { contactId: r.contact_id, type: 'open', machine, visitor: v, at: now });
    if (machine) return;
    await repo.markEngaged(trx, claims, 'open', now);
    if (r.contact_id !== null) await insertTimelineEvents(trx, [{ workspaceId: claims.w, contactId: r.contact_id, kind: 'email_opened', data: { campaignId: claims.c, campaignName: r.campaign_name }, occurredAt: now }]);
  });
}

/**
 * A click: resolves the token's link position to the URL that was in that campaign's email (the
 * only place a redirect can go), records it, and returns it. A human click also counts as an open.
 */
export async function recordClick(ctx: AppContext, token: string, v: Visitor, now = new Date()): Promise<string> {
  const claims = verifyTracking(ctx.secret, token, 'c');
  if (!claims) throw badToken();
  const url = await repo.findCampaignLink(ctx.db, { workspaceId: claims.w, campaignId: claims.c, position: claims.p! });
  if (!url) throw AppError.notFound('Link');
  const r = await repo.findTrackedRecipient(ctx.db, claims);
  if (!r) return url;
  await ctx.db.transaction().execute(async (trx) => {
    const since = new Date(now.getTime() - ALL_LINKS_WINDOW_MS);
    const recent = await repo.countOtherLinksClicked(trx, claims, since);
    const links = await repo.countCampaignLinks(trx, claims.c);
    const machine = isMachineClick({ ...v, now, sentAt: r.sent_at, recentPositions: recent + 1, linkCount: links });
    await repo.insertEngagement(trx, claims, { contactId: r.contact_id, type: 'click', machine, visitor: v, at: now });
    if (machine) return;
    await repo.markEngaged(trx, claims, 'click', now);
    if (r.contact_id !== null) await insertTimelineEvents(trx, [{ workspaceId: claims.w, contactId: r.contact_id, kind: 'email_clicked', data: { campaignId: claims.c, campaignName: r.campaign_name, url }, occurredAt: now }]);
  });
  return url;
}

/**
 * An unsubscribe from a campaign's email (its link names the recipient row): marked on the row
 * and as an email event, once, so the campaign's report counts it. Runs in the caller's
 * transaction, beside the list change itself.
 */
export async function recordCampaignUnsubscribe(trx: Executor, o: { workspaceId: number; contactId: number; recipientId: number; visitor: Visitor; at?: Date }): Promise<void> {
  const at = o.at ?? new Date();
  const campaignId = await repo.markUnsubscribed(trx, { ...o, at });
  if (campaignId !== undefined) await repo.insertUnsubscribeEvent(trx, { ...o, campaignId, at });
}
