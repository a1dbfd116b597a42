import type { AppContext } from '../../context.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { resolveContact } from '../identity/identity.service.js';
import { linkVisitors, upsertVisitors } from '../identity/identity.repo.js';
import { insertTimelineEvents, type NewTimelineEvent } from '../timeline/timeline.repo.js';
import { checkEvents, utmOf, type CheckedEvent } from './event-check.js';
import { ensurePartitions } from './event-partitions.js';
import { EVENT_LIMITS, type IngestResult } from './events.schema.js';
import { insertEventsAndSessions, listVisitorCustomEvents } from './events.repo.js';
import { syncSessionTimeline } from './web-sessions.repo.js';
import { customKindOf } from './event-names.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';

/** POST /api/v1/events: checks every event on its own and stores the good ones. */
export async function ingestApiEvents(options: { ctx: AppContext; actor: Actor; events: unknown[] }): Promise<IngestResult> {
  const { ctx, actor } = options;
  requirePermission(actor, 'events:write');
  if (options.events.length > EVENT_LIMITS.apiBatch) {
    throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `A batch holds at most ${EVENT_LIMITS.apiBatch} events (this one has ${options.events.length}); split it`, { limit: EVENT_LIMITS.apiBatch });
  }
  const { events, rejected } = checkEvents(options.events, { now: new Date(), defaultSource: 'api' });
  const stored = await ingestEvents({ ctx, workspaceId: actor.workspaceId, events, trusted: true });
  return { ...stored, rejected };
}

/**
 * Stores checked events of one workspace, all or nothing, in one transaction: identities are
 * resolved (a visitor becomes its contact on identify), events written once per event id,
 * sessions summed, and the timeline brought up to date. `trusted`: an authenticated writer,
 * whose identify may merge two contacts; the public snippet's may not.
 */
export async function ingestEvents(options: { ctx: AppContext; workspaceId: number; events: CheckedEvent[]; trusted: boolean }): Promise<{ accepted: number; duplicates: number }> {
  const { ctx, workspaceId: ws, events } = options;
  if (!events.length) return { accepted: 0, duplicates: 0 };
  await ensurePartitions(ctx.db, events.map((e) => e.occurredAt));
  const accepted = await ctx.db.transaction().execute(async (trx) => {
    // 1. Who: each distinct identity once, in a fixed order (their locks cannot deadlock).
    const contactOf = new Map<string, number>();
    const identityKey = (e: CheckedEvent) => (e.userId || e.email ? JSON.stringify([e.email, e.source, e.userId]) : null);
    const withIdentity = [...new Map(events.flatMap((e) => { const k = identityKey(e); return k ? [[k, e] as const] : []; })).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [key, e] of withIdentity) {
      const id = await resolveContact({ db: trx, workspaceId: ws, email: e.email, externalId: e.userId, source: e.source, traits: e.traits, mergeConflicts: options.trusted });
      contactOf.set(key, id!);
    }
    const contactOfEvent = (e: CheckedEvent) => { const k = identityKey(e); return k ? contactOf.get(k)! : null; };
    const visitorKey = (e: CheckedEvent) => e.anonymousId ?? `contact:${contactOfEvent(e)}`;

    // 2. Visitors, widened to the batch's span; anonymous ones named by an identity are linked.
    const spans = new Map<string, { anonymousId: string; contactId: number | null; first: Date; last: Date }>();
    for (const e of events) {
      const key = visitorKey(e);
      const span = spans.get(key) ?? { anonymousId: key, contactId: e.anonymousId ? null : contactOfEvent(e), first: e.occurredAt, last: e.occurredAt };
      if (e.occurredAt < span.first) span.first = e.occurredAt;
      if (e.occurredAt > span.last) span.last = e.occurredAt;
      spans.set(key, span);
    }
    const visitors = new Map((await upsertVisitors(trx, ws, [...spans.values()])).map((v) => [v.anonymous_id, v]));
    const visitorById = new Map([...visitors.values()].map((v) => [v.id, v]));
    const links = new Map<number, number>();
    for (const e of events) {
      const contactId = contactOfEvent(e);
      const v = visitors.get(visitorKey(e))!;
      // The first identity of a browser keeps it; a later, different one (a shared computer)
      // does not take its history: the site calls rapport.reset() on logout.
      if (contactId === null || v.contact_id !== null) continue;
      links.set(v.id, contactId);
      v.contact_id = contactId;
    }
    const newlyLinked = await linkVisitors(trx, ws, links);
    // Custom events of a browser before it was identified go on the contact's timeline now.
    const earlier = await listVisitorCustomEvents(trx, ws, newlyLinked);
    const timeline: NewTimelineEvent[] = earlier.map((r) => customTimelineEvent(ws, visitorById.get(r.visitor_id)!.contact_id, r.name, r.event_id, r.occurred_at, r.properties));

    // 3. The events, each once, and their sessions, summed from the new events only (a replay adds nothing).
    const utm = new Map<string, Record<string, string>>();
    for (const e of events) {
      const m = e.sessionId ? utmOf(e.url) : null;
      if (m && Object.keys(m).length) utm.set(e.url!, m);
    }
    const inserted = await insertEventsAndSessions(trx, ws, events.map((e) => ({ ...e, visitorId: visitors.get(visitorKey(e))!.id })), utm);

    // 4. The timeline: a row per session, a row per custom event, for known contacts only. A
    // write whose visitors are all anonymous (the snippet's usual one) has nothing to put there.
    const known = (visitorId: number) => visitorById.get(visitorId)!.contact_id !== null;
    if (!newlyLinked.length && ![...visitorById.keys()].some(known)) return inserted.length;
    const byKey = new Map(events.map((e) => [eventKey(e.eventId, e.occurredAt, e.page), e]));
    const fresh = inserted.map((r) => byKey.get(eventKey(r.event_id, new Date(r.occurred_at), r.page))!);
    const sessions = new Map<string, { visitorId: number; sessionId: string }>();
    for (const e of fresh) {
      const visitorId = visitors.get(visitorKey(e))!.id;
      if (!known(visitorId)) continue;
      if (e.sessionId) sessions.set(`${visitorId}:${e.sessionId}`, { visitorId, sessionId: e.sessionId });
      if (!e.page && !e.identify) timeline.push(customTimelineEvent(ws, visitorById.get(visitorId)!.contact_id, e.name, e.eventId, e.occurredAt, e.properties));
    }
    await syncSessionTimeline(trx, ws, { visitorIds: newlyLinked, sessions: [...sessions.values()] });
    await insertTimelineEvents(trx, timeline);
    return inserted.length;
  });
  return { accepted, duplicates: events.length - accepted };
}

const eventKey = (id: string, at: Date, page: boolean) => `${id}|${at.getTime()}|${page}`;

/** A custom event on the timeline as `custom.<name>`, its properties as the data segments test. */
function customTimelineEvent(ws: number, contactId: number | null, name: string, eventId: string, at: Date, properties: Record<string, unknown>): NewTimelineEvent {
  return { workspaceId: ws, contactId, kind: customKindOf(name), occurredAt: new Date(at), data: { ...properties, eventName: name, eventId } };
}
