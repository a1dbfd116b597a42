import { z } from 'zod';

/** Limits of ingestion, in one place (docs/events.md quotes them). */
export const EVENT_LIMITS = {
  /** Events per POST /api/v1/events. */
  apiBatch: 1000,
  /** Events per /t/collect request (the snippet flushes every few seconds). */
  collectBatch: 100,
  /** One event, as JSON. */
  eventBytes: 16 * 1024,
  /** A timestamp this far ahead of the server clock is still accepted (clock skew). */
  futureSkewMs: 5 * 60_000,
  /** Backfill reaches this far back (each month is a partition). */
  pastYears: 5,
};

const id = (max: number) => z.string().trim().min(1).max(max);
const props = z.record(z.string().max(100), z.unknown());

/** One event as sent by the API or the snippet; the name of a kind is data (`signed_up`, `Order Completed`). */
export const eventInput = z.object({
  eventId: id(100).describe('Unique per event: a retry with the same id (and timestamp) is stored once'),
  type: z.enum(['track', 'page', 'identify']).default('track').describe('page: a page view (url required); identify: joins the anonymous id to the person'),
  name: z.string().trim().min(1).max(100).optional().describe('The event kind for `track`; page views are `page_view`'),
  timestamp: z.iso.datetime({ offset: true }).optional().describe('When it happened (default: now). Past is fine; more than 5 minutes ahead is refused'),
  anonymousId: id(100).optional().describe("The browser's id (the snippet's)"),
  userId: id(200).optional().describe('The person’s id in your system, recorded on the contact under `source`'),
  email: z.email().max(320).optional().describe('The person’s email: finds or creates the contact'),
  source: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/).optional().describe('Which system `userId` belongs to (default `api`; the snippet sends `web`)'),
  sessionId: id(100).optional(),
  url: z.string().max(2000).optional(),
  title: z.string().max(500).optional(),
  referrer: z.string().max(2000).optional(),
  properties: props.optional().describe('The event’s properties (segments can test them)'),
  traits: z.object({ firstName: z.string().max(200).optional(), lastName: z.string().max(200).optional() }).loose().optional().describe('identify: names for a contact created here'),
});
export type EventInput = z.infer<typeof eventInput>;

export const eventsBody = z.object({
  events: z.array(z.unknown()).min(1).describe(`Up to ${EVENT_LIMITS.apiBatch} events; each is checked on its own`),
});

export const rejectedEvent = z.object({
  index: z.number().int(),
  eventId: z.string().nullable(),
  code: z.enum(['INVALID', 'TOO_LARGE', 'FUTURE_TIMESTAMP', 'TOO_OLD', 'NO_SUBJECT', 'RESERVED_NAME']),
  message: z.string(),
});
export type RejectedEvent = z.infer<typeof rejectedEvent>;

export const ingestResult = z.object({
  accepted: z.number().int().describe('Events stored now'),
  duplicates: z.number().int().describe('Events already stored (same eventId and timestamp): nothing changed'),
  rejected: z.array(rejectedEvent).describe('Events refused, each with the reason; the rest of the batch was kept'),
});
export type IngestResult = z.infer<typeof ingestResult>;

export const webSession = z.object({
  sessionId: z.string(),
  startedAt: z.date(),
  lastSeenAt: z.date(),
  pageCount: z.number().int(),
  eventCount: z.number().int(),
  landingUrl: z.string().nullable(),
  referrer: z.string().nullable(),
  utm: z.record(z.string(), z.string()),
  pages: z.array(z.object({ url: z.string().nullable(), title: z.string().nullable(), occurredAt: z.date() })).describe('Page views still kept (raw page views older than the retention are dropped)'),
});

export const contactWebActivity = z.object({
  firstSeenAt: z.date().nullable(),
  lastSeenAt: z.date().nullable(),
  sessions: z.array(webSession),
});
