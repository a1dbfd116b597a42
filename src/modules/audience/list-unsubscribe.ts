import type { AppContext } from '../../context.js';
import { signLink } from './link-tokens.js';
import { publicBase } from './public-url.js';

/** What signing a link needs: the send workers have these, not a whole context. */
export type LinkContext = Pick<AppContext, 'config' | 'secret'>;
type LinkTarget = { ctx: LinkContext; workspaceId: number; contactId: number; listId?: number; recipientId?: number };

/**
 * The signed links every marketing email carries: one-click unsubscribe and the preference centre.
 * A campaign's links name the recipient row too, so an unsubscribe is counted on that campaign.
 */
export function audienceLinks(o: LinkTarget) {
  const base = publicBase(o.ctx.config);
  return {
    unsubscribeUrl: `${base}/u/${signLink(o.ctx.secret, { p: 'unsubscribe', w: o.workspaceId, c: o.contactId, l: o.listId, r: o.recipientId })}`,
    preferencesUrl: `${base}/preferences/${signLink(o.ctx.secret, { p: 'preferences', w: o.workspaceId, c: o.contactId })}`,
  };
}

/**
 * RFC 2369 / RFC 8058 headers for one recipient of one list: an HTTPS one-click link (POST with
 * `List-Unsubscribe=One-Click` unsubscribes at once) and a mailto fallback. Every marketing send
 * sets these; the mailto goes to MAIL_FROM's address with the token as subject so a mailbox
 * handler can act on it.
 */
export function listUnsubscribeHeaders(o: LinkTarget): Record<string, string> {
  const { unsubscribeUrl } = audienceLinks(o);
  const token = unsubscribeUrl.slice(unsubscribeUrl.lastIndexOf('/') + 1);
  const from = /<([^>]+)>/.exec(o.ctx.config.MAIL_FROM)?.[1] ?? o.ctx.config.MAIL_FROM;
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>, <mailto:${from.trim()}?subject=unsubscribe%20${token}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
