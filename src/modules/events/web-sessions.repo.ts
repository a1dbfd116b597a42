import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

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
