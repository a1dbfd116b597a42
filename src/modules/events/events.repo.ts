import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { prepared } from '../../db/prepared.js';
import type { CheckedEvent } from './event-check.js';

/** A checked event (event-check.ts) with the visitor it was resolved to. */
export type EventRow = Pick<CheckedEvent, 'eventId' | 'page' | 'name' | 'occurredAt' | 'sessionId' | 'url' | 'path' | 'title' | 'referrer' | 'properties'> & { visitorId: number };

export interface InsertedEvent {
  event_id: string;
  occurred_at: Date;
  page: boolean;
}

/**
 * Writes a batch and adds it to its sessions in one statement (one round trip, one plan, kept
 * prepared on PostgreSQL). The rows travel as one json parameter (json_to_recordset reads the
 * text as it goes, a sixth faster than building the jsonb value first; only `properties` becomes
 * jsonb). A replayed event id is skipped by web_events_id_idx (duplicates within the batch too),
 * and the sessions are summed from the rows really inserted, so a replay adds nothing; only those
 * rows are returned, for the timeline.
 *
 * Sessions are order-free: counts add up, first/last seen widen, and the landing page is that of
 * the earliest event, ties broken by event id, within the batch (distinct on) as against the
 * stored row (the row comparison), both in the database's collation, so any order of arrival
 * gives the same summary. `utm` holds the UTM parameters of the batch's URLs that have some
 * (parsed once in Node, utmOf); the landing URL's become the session's. Sessions are written in
 * key order so two batches cannot deadlock.
 */
export async function insertEventsAndSessions(db: Executor, workspaceId: number, rows: EventRow[], utm: Map<string, Record<string, string>>): Promise<InsertedEvent[]> {
  if (!rows.length) return [];
  const payload = JSON.stringify(rows.map((r) => ({
    i: r.eventId, v: r.visitorId, p: r.page, n: r.name, o: r.occurredAt.toISOString(), s: r.sessionId, u: r.url, pa: r.path, t: r.title, r: r.referrer, pr: r.properties,
  })));
  const utmPayload = JSON.stringify([...utm].map(([u, m]) => ({ u, m })));
  const earlier = sql`(excluded.started_at, excluded.landing_event_id) < (s.started_at, s.landing_event_id)`;
  const pick = (col: string) => sql`case when ${earlier} then excluded.${sql.ref(col)} else s.${sql.ref(col)} end`;
  const { rows: inserted } = await prepared(sql<InsertedEvent>`
    with ins as (
      insert into web_events (workspace_id, event_id, visitor_id, page, name, occurred_at, session_id, url, path, title, referrer, properties)
      select ${workspaceId}, x.i, x.v, x.p, x.n, x.o, x.s, x.u, x.pa, x.t, x.r, coalesce(x.pr, '{}')
        from json_to_recordset(${payload}::json) as x(i text, v bigint, p boolean, n text, o timestamptz, s text, u text, pa text, t text, r text, pr jsonb)
      on conflict do nothing
      returning event_id, visitor_id, page, name, occurred_at, session_id, url, title, referrer
    ), landing as (
      select distinct on (visitor_id, session_id) visitor_id, session_id, occurred_at, event_id, url, title, referrer
        from ins where session_id is not null
       order by visitor_id, session_id, occurred_at, event_id
    ), totals as (
      select visitor_id, session_id, max(occurred_at) as last_seen_at,
             (count(*) filter (where page))::int as pages, (count(*) filter (where not page and name <> 'identify'))::int as events
        from ins where session_id is not null
       group by visitor_id, session_id
    ), sessions as (
      insert into web_sessions as s (workspace_id, visitor_id, session_id, started_at, last_seen_at, page_count, event_count, landing_event_id, landing_url, landing_title, referrer, utm)
      select ${workspaceId}, l.visitor_id, l.session_id, l.occurred_at, t.last_seen_at, t.pages, t.events, l.event_id, l.url, l.title, l.referrer, coalesce(m.m, '{}')
        from landing l join totals t on t.visitor_id = l.visitor_id and t.session_id = l.session_id
        left join json_to_recordset(${utmPayload}::json) as m(u text, m jsonb) on m.u = l.url
       order by l.visitor_id, l.session_id
      on conflict (workspace_id, visitor_id, session_id) do update set
        page_count = s.page_count + excluded.page_count,
        event_count = s.event_count + excluded.event_count,
        last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at),
        started_at = least(s.started_at, excluded.started_at),
        landing_event_id = ${pick('landing_event_id')}, landing_url = ${pick('landing_url')}, landing_title = ${pick('landing_title')},
        referrer = ${pick('referrer')}, utm = ${pick('utm')}
    )
    select event_id, occurred_at, page from ins`).execute(db);
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
