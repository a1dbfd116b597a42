import { EVENT_LIMITS, eventInput, type RejectedEvent } from './events.schema.js';

/** An event that passed its checks, in the shape the repo writes. */
export interface CheckedEvent {
  eventId: string;
  page: boolean;
  identify: boolean;
  name: string;
  occurredAt: Date;
  anonymousId: string | null;
  userId: string | null;
  email: string | null;
  source: string;
  sessionId: string | null;
  url: string | null;
  path: string | null;
  title: string | null;
  referrer: string | null;
  properties: Record<string, unknown>;
  traits: { firstName?: string; lastName?: string };
}

const RESERVED = new Set(['page_view', 'identify']);

/**
 * Checks each event on its own: a bad one is reported with its index and reason and the rest are
 * kept. `now` is the server's clock (timestamps ahead of it beyond the skew are refused).
 */
export function checkEvents(raw: unknown[], options: { now: Date; defaultSource: string }): { events: CheckedEvent[]; rejected: RejectedEvent[] } {
  const events: CheckedEvent[] = [];
  const rejected: RejectedEvent[] = [];
  const oldest = new Date(options.now);
  oldest.setUTCFullYear(oldest.getUTCFullYear() - EVENT_LIMITS.pastYears);
  raw.forEach((item, index) => {
    const eventId = typeof (item as { eventId?: unknown })?.eventId === 'string' ? String((item as { eventId: string }).eventId).slice(0, 100) : null;
    const reject = (code: RejectedEvent['code'], message: string) => rejected.push({ index, eventId, code, message });
    if (JSON.stringify(item ?? null).length > EVENT_LIMITS.eventBytes) return reject('TOO_LARGE', `an event may be at most ${EVENT_LIMITS.eventBytes} bytes of JSON`);
    const parsed = eventInput.safeParse(item);
    if (!parsed.success) return reject('INVALID', parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; '));
    const e = parsed.data;
    const occurredAt = e.timestamp ? new Date(e.timestamp) : options.now;
    if (occurredAt.getTime() > options.now.getTime() + EVENT_LIMITS.futureSkewMs) return reject('FUTURE_TIMESTAMP', `timestamp is in the future (more than ${EVENT_LIMITS.futureSkewMs / 60_000} minutes ahead of the server clock)`);
    if (occurredAt < oldest) return reject('TOO_OLD', `timestamp is more than ${EVENT_LIMITS.pastYears} years ago`);
    if (!e.anonymousId && !e.userId && !e.email) return reject('NO_SUBJECT', 'give anonymousId, userId or email');
    const page = e.type === 'page';
    const name = page ? 'page_view' : e.type === 'identify' ? 'identify' : e.name;
    if (!name) return reject('INVALID', 'name: required for a track event');
    if (e.type === 'track' && RESERVED.has(name)) return reject('RESERVED_NAME', `"${name}" is reserved; send type "${name === 'identify' ? 'identify' : 'page'}" instead`);
    let path: string | null = null;
    if (e.url) {
      const parsed = parseUrl(e.url);
      if (!parsed) return reject('INVALID', 'url: must be an absolute URL');
      path = parsed.path;
    } else if (page) return reject('INVALID', 'url: required for a page view');
    events.push({
      eventId: e.eventId, page, identify: e.type === 'identify', name, occurredAt,
      anonymousId: e.anonymousId ?? null, userId: e.userId ?? null, email: e.email?.toLowerCase() ?? null, source: e.source ?? options.defaultSource,
      sessionId: e.sessionId ?? null, url: e.url ?? null, path, title: e.title ?? null, referrer: e.referrer || null,
      properties: e.properties ?? {}, traits: { firstName: e.traits?.firstName, lastName: e.traits?.lastName },
    });
  });
  return { events, rejected };
}

/** UTM parameters of a landing URL. */
export function utmOf(url: string | null): Record<string, string> {
  return (url && parseUrl(url)?.utm) || {};
}

interface ParsedUrl {
  path: string;
  utm: Readonly<Record<string, string>>;
}

// A site's traffic comes from a few hundred URLs: each is parsed once (new URL and its search
// params were a tenth of a batch's checks), and the memo is emptied when it grows past its bound.
const MEMO_LIMIT = 5_000;
const memo = new Map<string, ParsedUrl | null>();

/** Path and UTM parameters of an absolute URL, or null when it is not one. */
function parseUrl(url: string): ParsedUrl | null {
  let parsed = memo.get(url);
  if (parsed !== undefined) return parsed;
  try {
    const u = new URL(url);
    const utm = Object.freeze(Object.fromEntries(['source', 'medium', 'campaign', 'term', 'content'].flatMap((k) => {
      const v = u.searchParams.get(`utm_${k}`);
      return v ? [[k, v.slice(0, 200)]] : [];
    })));
    parsed = { path: u.pathname.slice(0, 1000), utm };
  } catch {
    parsed = null;
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(url, parsed);
  return parsed;
}
