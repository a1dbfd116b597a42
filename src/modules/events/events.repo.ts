import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { CheckedEvent } from './event-check.js';

/** A checked event (event-check.ts) with the visitor it was resolved to. */
export type EventRow = Pick<CheckedEvent, 'eventId' | 'page' | 'name' | 'occurredAt' | 'sessionId' | 'url' | 'path' | 'title' | 'referrer' | 'properties'> & { visitorId: number };

export interface InsertedEvent {
  event_id: string;
  occurred_at: Date;
  page: boolean;
}

/**
 * Writes a batch in one statement (the rows as one json parameter: json_to_recordset reads the
 * text as it goes, a sixth faster than building the jsonb value first; only `properties` becomes
 * jsonb) and
 * returns only the rows that were new: a replayed event id is skipped by web_events_id_idx, so
 * callers derive sessions and timeline rows from what was really inserted. Duplicates within the
 * batch are skipped the same way.
 */
export async function insertEvents(db: Executor, workspaceId: number, rows: EventRow[]): Promise<InsertedEvent[]> {
  if (!rows.length) return [];
  const payload = JSON.stringify(rows.map((r) => ({
    i: r.eventId, v: r.visitorId, p: r.page, n: r.name, o: r.occurredAt.toISOString(), s: r.sessionId, u: r.url, pa: r.path, t: r.title, r: r.referrer, pr: r.properties,
  })));
  const { rows: inserted } = await sql<InsertedEvent>`
    insert into web_events (workspace_id, event_id, visitor_id, page, name, occurred_at, session_id, url, path, title, referrer, properties)
    select ${workspaceId}, x.i, x.v, x.p, x.n, x.o, x.s, x.u, x.pa, x.t, x.r, coalesce(x.pr, '{}')
      from json_to_recordset(${payload}::json) as x(i text, v bigint, p boolean, n text, o timestamptz, s text, u text, pa text, t text, r text, pr jsonb)
    on conflict do nothing
    returning event_id, occurred_at, page`.execute(db);
  return inserted;
}

/** A visitor's custom events (not page views, not identifies), oldest first: the identify back-fill. */
export async function listVisitorCustomEvents(db: Executor, workspaceId: number, visitorIds: number[]) {
  if (!visitorIds.length) return [];
  return db.selectFrom('web_events').select(['event_id', 'name', 'occurred_at', 'properties', 'visitor_id'])
    .where('workspace_id', '=', workspaceId).where('visitor_id', 'in', visitorIds).where('page', '=', false).where('name', '<>', 'identify')
    .orderBy('occurred_at').orderBy('event_id').execute();
}

/** Page views of some sessions of some visitors, for the contact page (bounded by the caller). */
export async function listSessionPages(db: Executor, workspaceId: number, visitorIds: number[], since: Date, limit: number) {
  if (!visitorIds.length) return [];
  return db.selectFrom('web_events').select(['visitor_id', 'session_id', 'url', 'title', 'occurred_at'])
    .where('workspace_id', '=', workspaceId).where('visitor_id', 'in', visitorIds).where('page', '=', true).where('occurred_at', '>=', since)
    .orderBy('occurred_at', 'desc').limit(limit).execute();
}

/**
 * Recomputes the daily aggregates of [from, to) from the raw events (UTC days). Run for recent
 * days by the events job and for a whole month before its raw page views are dropped.
 */
export async function rollupDays(db: Executor, from: Date, to: Date): Promise<void> {
  await sql`delete from web_event_daily where day >= (${from.toISOString()}::timestamptz at time zone 'UTC')::date and day < (${to.toISOString()}::timestamptz at time zone 'UTC')::date`.execute(db);
  await sql`insert into web_event_daily (workspace_id, day, name, path, events, visitors)
    select workspace_id, (occurred_at at time zone 'UTC')::date, name, coalesce(path, ''), count(*)::int, count(distinct visitor_id)::int
      from web_events where occurred_at >= ${from.toISOString()}::timestamptz and occurred_at < ${to.toISOString()}::timestamptz
     group by 1, 2, 3, 4`.execute(db);
}

export function listDailyAggregates(db: Executor, workspaceId: number, from: string, to: string) {
  return db.selectFrom('web_event_daily').selectAll().where('workspace_id', '=', workspaceId).where('day', '>=', from).where('day', '<=', to).orderBy('day').orderBy('name').orderBy('path').execute();
}
