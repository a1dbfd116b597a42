import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { extractLinks } from './tracking-links.js';
import type { TrackingClaims } from './tracking-tokens.js';

/**
 * Numbers a campaign's trackable links once (send start, in the freezing transaction) and
 * returns URL → position for applyTracking. Idempotent: a resumed send keeps the first numbering.
 */
export async function registerCampaignLinks(db: Executor, o: { workspaceId: number; campaignId: number; html: string }): Promise<Map<string, number>> {
  const urls = extractLinks(o.html);
  if (urls.length > 0) {
    await db.insertInto('campaign_links')
      .values(urls.map((url, position) => ({ workspace_id: o.workspaceId, campaign_id: o.campaignId, position, url })))
      .onConflict((oc) => oc.columns(['campaign_id', 'position']).doNothing()).execute();
  }
  return loadCampaignLinks(db, o);
}

/** URL → position of a campaign's links (campaign_links_pos_key). */
export async function loadCampaignLinks(db: Executor, o: { workspaceId: number; campaignId: number }): Promise<Map<string, number>> {
  const rows = await db.selectFrom('campaign_links').select(['position', 'url'])
    .where('workspace_id', '=', o.workspaceId).where('campaign_id', '=', o.campaignId).orderBy('position').execute();
  return new Map(rows.map((r) => [r.url, r.position]));
}

/** The URL a click token's position names, only within that campaign of that workspace. */
export async function findCampaignLink(db: Executor, o: { workspaceId: number; campaignId: number; position: number }) {
  const row = await db.selectFrom('campaign_links').select('url')
    .where('workspace_id', '=', o.workspaceId).where('campaign_id', '=', o.campaignId).where('position', '=', o.position).executeTakeFirst();
  return row?.url ?? null;
}

/** The recipient a genuine token names, in its workspace and campaign; undefined when it was deleted. */
export function findTrackedRecipient(db: Executor, claims: TrackingClaims) {
  return db.selectFrom('campaign_recipients as r').innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
    .select(['r.id', 'r.contact_id', 'r.sent_at', 'c.name as campaign_name'])
    .where('r.workspace_id', '=', claims.w).where('r.campaign_id', '=', claims.c).where('r.id', '=', claims.r).executeTakeFirst();
}

export function insertEngagement(db: Executor, claims: TrackingClaims, e: { contactId: number | null; type: 'open' | 'click'; machine: boolean; visitor: { ip: string | null; userAgent: string | null }; at: Date }) {
  return db.insertInto('email_events').values({
    workspace_id: claims.w, campaign_id: claims.c, recipient_id: claims.r, contact_id: e.contactId, type: e.type, machine: e.machine,
    link_position: e.type === 'click' ? claims.p! : null, ip: e.visitor.ip, user_agent: e.visitor.userAgent?.slice(0, 500) ?? null, occurred_at: e.at,
  }).execute();
}

/** The recipient's first human open (a click is one too) and first click, kept once set. */
export function markEngaged(db: Executor, claims: TrackingClaims, type: 'open' | 'click', at: Date) {
  return db.updateTable('campaign_recipients')
    .set(type === 'open' ? { opened_at: sql`coalesce(opened_at, ${at})` } : { opened_at: sql`coalesce(opened_at, ${at})`, clicked_at: sql`coalesce(clicked_at, ${at})` })
    .where('workspace_id', '=', claims.w).where('id', '=', claims.r).execute();
}

/** Other links of the campaign this recipient clicked since `since`. Plan: email_events_campaign_idx (campaign_id, type, occurred_at) narrows to the window. */
export async function countOtherLinksClicked(db: Executor, claims: TrackingClaims, since: Date): Promise<number> {
  const row = await db.selectFrom('email_events').select(sql<string>`count(distinct link_position)`.as('n'))
    .where('campaign_id', '=', claims.c).where('type', '=', 'click').where('occurred_at', '>=', since).where('recipient_id', '=', claims.r)
    .where('link_position', '<>', claims.p!).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countCampaignLinks(db: Executor, campaignId: number): Promise<number> {
  return Number((await db.selectFrom('campaign_links').select(sql<string>`count(*)`.as('n')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow()).n);
}

/**
 * A campaign recipient's first unsubscribe, only for the contact the link was signed for; the
 * campaign it belongs to, or undefined when already marked (or not this contact's row).
 */
export async function markUnsubscribed(db: Executor, o: { workspaceId: number; recipientId: number; contactId: number; at: Date }) {
  const row = await db.updateTable('campaign_recipients').set({ unsubscribed_at: o.at })
    .where('workspace_id', '=', o.workspaceId).where('id', '=', o.recipientId).where('contact_id', '=', o.contactId).where('unsubscribed_at', 'is', null)
    .returning('campaign_id').executeTakeFirst();
  return row ? Number(row.campaign_id) : undefined;
}

export function insertUnsubscribeEvent(db: Executor, o: { workspaceId: number; campaignId: number; recipientId: number; contactId: number; visitor: { ip: string | null; userAgent: string | null }; at: Date }) {
  return db.insertInto('email_events').values({
    workspace_id: o.workspaceId, campaign_id: o.campaignId, recipient_id: o.recipientId, contact_id: o.contactId, type: 'unsubscribe',
    ip: o.visitor.ip, user_agent: o.visitor.userAgent?.slice(0, 500) ?? null, occurred_at: o.at,
  }).execute();
}
