import type { Config } from '../../config/config.js';
import { prepareMessage, renderMessageSync, type RenderContact, type RenderData } from '../../mail/render-message.js';
import { audienceLinks, listUnsubscribeHeaders } from '../audience/list-unsubscribe.js';
import { publicBase } from '../audience/public-url.js';
import { applyTracking } from '../tracking/tracking-links.js';
import { composeMessage, type Composed, type Sender } from './compose.js';
import { domainOf } from './sending-identity.js';

/**
 * One campaign recipient's finished message: Liquid render, tracked links, List-* headers, MIME
 * and DKIM signature. Pure CPU work on data that can cross a thread boundary (structured clone,
 * the DKIM key as a KeyObject), so the send loop runs it in worker threads (compose-pool.ts).
 */
export interface CampaignSetup {
  workspaceId: number;
  campaignId: number;
  campaignName: string;
  /** The campaign's compiled HTML (MJML compiled once at send start), subject and preheader, Liquid unrendered. */
  html: string;
  subject: string;
  preheader: string | null;
  sender: Sender;
  /** Tracked URL → its position in campaign_links. */
  links: [string, number][];
  workspace: RenderData['workspace'];
  config: Config;
  secret: string;
}

export interface RecipientInput {
  id: number;
  email: string;
  listId: number | null;
  contact: RenderContact;
}

/** Parses the campaign's Liquid once and returns the per-recipient composer. */
export function campaignComposer(setup: CampaignSetup): (r: RecipientInput) => Composed {
  const prepared = prepareMessage({ html: setup.html, subject: setup.subject, preheader: setup.preheader });
  const links = new Map(setup.links);
  const base = publicBase(setup.config);
  const ctx = { config: setup.config, secret: setup.secret };
  const { workspaceId, campaignId } = setup;
  const listDomain = domainOf(setup.sender.fromEmail);
  return (r) => {
    // The recipient row in the links: an unsubscribe from this letter counts on its campaign.
    const who = { ctx, workspaceId, contactId: r.contact.id!, listId: r.listId ?? undefined, recipientId: r.id };
    const { unsubscribeUrl, preferencesUrl } = audienceLinks(who);
    const rendered = renderMessageSync(prepared, {
      contact: r.contact, workspace: setup.workspace, unsubscribe_url: unsubscribeUrl, preferences_url: preferencesUrl, campaign: { name: setup.campaignName },
    });
    const html = applyTracking(rendered.html, { baseUrl: base, secret: setup.secret, workspaceId, campaignId, recipientId: r.id, links });
    return composeMessage(ctx, setup.sender, {
      to: r.email, subject: rendered.subject, html, text: rendered.text,
      verp: { kind: 'campaign', workspaceId, id: r.id },
      headers: { ...listUnsubscribeHeaders(who), 'List-Id': `<${r.listId ?? 'all'}.${workspaceId}.lists.${listDomain}>` },
    });
  };
}
