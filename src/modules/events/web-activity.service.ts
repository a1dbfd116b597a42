import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/permissions.js';
import { getContact } from '../contacts/contacts.service.js';
import { listContactVisitorIds } from '../identity/identity.repo.js';
import { listSessionPages } from './events.repo.js';
import { listContactSessions } from './web-sessions.repo.js';

const SESSIONS = 20;
const PAGES = 500;

/**
 * The contact page's web section: first and last seen over all its browsers, its latest sessions
 * and their page views (those still kept: raw page views older than the retention are gone,
 * the session summaries stay).
 */
export async function getContactWebActivity(options: { ctx: AppContext; actor: Actor; contactId: number }) {
  const { ctx, actor, contactId } = options;
  await getContact({ ctx, actor, id: contactId }); // contacts:read and the workspace
  const ws = actor.workspaceId;
  const visitors = await listContactVisitorIds(ctx.db, ws, contactId);
  const ids = visitors.map((v) => v.id);
  const sessions = await listContactSessions(ctx.db, ws, ids, SESSIONS);
  const oldest = sessions.at(-1)?.started_at ?? new Date();
  const pages = await listSessionPages(ctx.db, ws, ids, oldest, PAGES);
  const times = (pick: (v: (typeof visitors)[number]) => Date) => visitors.map((v) => new Date(pick(v)).getTime());
  return {
    firstSeenAt: visitors.length ? new Date(Math.min(...times((v) => v.first_seen_at))) : null,
    lastSeenAt: visitors.length ? new Date(Math.max(...times((v) => v.last_seen_at))) : null,
    sessions: sessions.map((s) => ({
      sessionId: s.session_id, startedAt: s.started_at, lastSeenAt: s.last_seen_at, pageCount: s.page_count, eventCount: s.event_count,
      landingUrl: s.landing_url, referrer: s.referrer, utm: s.utm,
      pages: pages.filter((p) => p.visitor_id === s.visitor_id && p.session_id === s.session_id).reverse()
        .map((p) => ({ url: p.url, title: p.title, occurredAt: p.occurred_at })),
    })),
  };
}
