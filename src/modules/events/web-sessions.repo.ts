import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

/** One session's share of a batch: what the batch adds to its summary. */
export interface SessionDelta {
  visitorId: number;
  sessionId: string;
  startedAt: Date;
  lastSeenAt: Date;
  pages: number;
  events: number;
  landingEventId: string;
  landingUrl: string | null;
  landingTitle: string | null;
  referrer: string | null;
  utm: Record<string, string>;
}

/**
 * Adds a batch's new events to their sessions. Order-free: counts add up, first/last seen widen,
 * and the landing page is that of the earliest event (ties broken by event id), so any order of
 * arrival gives the same summary. Rows are written in key order so batches cannot deadlock.
 */
export async function upsertSessions(db: Executor, workspaceId: number, deltas: SessionDelta[]): Promise<void> {
  if (!deltas.length) return;
  const payload = JSON.stringify(deltas.map((d) => ({
    v: d.visitorId, s: d.sessionId, a: d.startedAt.toISOString(), z: d.lastSeenAt.toISOString(), p: d.pages, e: d.events, l: d.landingEventId, u: d.landingUrl, t: d.landingTitle, r: d.referrer, m: d.utm,
  })));
  const earlier = sql`(excluded.started_at, excluded.landing_event_id) < (s.started_at, s.landing_event_id)`;
  const pick = (col: string) => sql`case when ${earlier} then excluded.${sql.ref(col)} else s.${sql.ref(col)} end`;
  await sql`
    insert into web_sessions as s (workspace_id, visitor_id, session_id, started_at, last_seen_at, page_count, event_count, landing_event_id, landing_url, landing_title, referrer, utm)
    select ${workspaceId}, x.v, x.s, x.a, x.z, x.p, x.e, x.l, x.u, x.t, x.r, x.m
      from json_to_recordset(${payload}::json) as x(v bigint, s text, a timestamptz, z timestamptz, p int, e int, l text, u text, t text, r text, m jsonb)
     order by x.v, x.s
    on conflict (workspace_id, visitor_id, session_id) do update set
      page_count = s.page_count + excluded.page_count,
      event_count = s.event_count + excluded.event_count,
      last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at),
      started_at = least(s.started_at, excluded.started_at),
      landing_event_id = ${pick('landing_event_id')}, landing_url = ${pick('landing_url')}, landing_title = ${pick('landing_title')},
      referrer = ${pick('referrer')}, utm = ${pick('utm')}`.execute(db);
}

const sessionData = sql`jsonb_strip_nulls(jsonb_build_object(
  'sessionId', s.session_id, 'pages', s.page_count, 'events', s.event_count, 'landingUrl', s.landing_url, 'landingTitle', s.landing_title,
  'referrer', s.referrer, 'utmSource', s.utm ->> 'source', 'utmMedium', s.utm ->> 'medium', 'utmCampaign', s.utm ->> 'campaign', 'endedAt', s.last_seen_at))`;

/**
 * One `web_session` row per session on its contact's timeline (never one per page view): made
 * for sessions of known visitors that have none yet (all of a newly identified visitor's earlier
 * sessions included), and brought up to date for the sessions the batch touched.
 */
export async function syncSessionTimeline(db: Executor, workspaceId: number, o: { visitorIds: number[]; sessions: { visitorId: number; sessionId: string }[] }): Promise<void> {
  if (!o.visitorIds.length && !o.sessions.length) return;
  const keys = JSON.stringify(o.sessions.map((k) => ({ v: k.visitorId, s: k.sessionId })));
  const chosen = sql`(s.visitor_id = any(array(select jsonb_array_elements_text(${JSON.stringify(o.visitorIds)}::jsonb)::bigint))
    or (s.visitor_id, s.session_id) in (select x.v, x.s from jsonb_to_recordset(${keys}::jsonb) as x(v bigint, s text)))`;
  await sql`
    with todo as (
      select s.visitor_id, s.session_id, v.contact_id, s.started_at, ${sessionData} as data
        from web_sessions s join visitors v on v.id = s.visitor_id
       where s.workspace_id = ${workspaceId} and v.contact_id is not null and s.timeline_event_id is null and ${chosen}
    ), ins as (
      insert into timeline_events (workspace_id, contact_id, kind, occurred_at, data)
      select ${workspaceId}, t.contact_id, 'web_session', t.started_at, t.data || jsonb_build_object('visitorId', t.visitor_id) from todo t
      returning id, data
    )
    update web_sessions s set timeline_event_id = ins.id from ins
     where s.workspace_id = ${workspaceId} and s.visitor_id = (ins.data ->> 'visitorId')::bigint and s.session_id = ins.data ->> 'sessionId'`.execute(db);
  await sql`
    update timeline_events t set occurred_at = s.started_at, data = ${sessionData} || jsonb_build_object('visitorId', s.visitor_id)
      from web_sessions s
     where s.workspace_id = ${workspaceId} and t.workspace_id = ${workspaceId} and t.id = s.timeline_event_id and ${chosen}`.execute(db);
}

/** A contact's sessions, newest first (web_sessions_visitor_idx per visitor). */
export function listContactSessions(db: Executor, workspaceId: number, visitorIds: number[], limit: number) {
  if (!visitorIds.length) return Promise.resolve([]);
  return db.selectFrom('web_sessions').selectAll().where('workspace_id', '=', workspaceId).where('visitor_id', 'in', visitorIds)
    .orderBy('started_at', 'desc').limit(limit).execute();
}
