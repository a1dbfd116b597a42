import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { textArray, type Executor } from '../../db/executor.js';
import { prepared } from '../../db/prepared.js';
import { assertRegisteredKind, CUSTOM_KIND_PREFIX, type TimelineKind } from './event-kinds.js';

export interface NewTimelineEvent {
  workspaceId: number;
  contactId?: number | null;
  companyId?: number | null;
  kind: TimelineKind;
  actorUserId?: number | null;
  data?: Record<string, unknown>;
  occurredAt?: Date;
}

/**
 * Every module writes its events here, in the same transaction as the change itself. The events
 * go as one jsonb parameter (an import writes 500 per statement; binding 3,000 placeholders cost
 * a quarter of this insert's time on PGlite).
 */
export async function insertTimelineEvents(db: Executor, events: NewTimelineEvent[]): Promise<void> {
  if (events.length === 0) return;
  for (const e of events) assertRegisteredKind(e.kind); // the type says so; this holds casts and computed kinds to it too
  const payload = JSON.stringify(events.map((e) => ({
    w: e.workspaceId, c: e.contactId ?? null, co: e.companyId ?? null, k: e.kind, a: e.actorUserId ?? null, d: e.data ?? {}, o: e.occurredAt ?? null,
  })));
  // One text for any number of events: a prepared statement (every ticket and chat writes some).
  await prepared(sql`insert into timeline_events (workspace_id, contact_id, company_id, kind, actor_user_id, data, occurred_at)
    select x.w, x.c, x.co, x.k, x.a, x.d, coalesce(x.o, now())
      from jsonb_to_recordset(${payload}::jsonb) as x(w bigint, c bigint, co bigint, k text, a bigint, d jsonb, o timestamptz)`).execute(db);
}

export interface TimelinePageQuery {
  workspaceId: number;
  subject: { contactId: number } | { companyId: number };
  limit: number;
  before?: [string, number];
  /** Only these kinds are shown (the reader's, from event-kinds.ts); undeclared kinds never are. */
  kinds: string[];
  /** Whether custom events (`custom.*`) are shown too. */
  includeCustom: boolean;
  /** Set when the actor sees only their own deals: events of other deals are left out. */
  onlyDealsOwnedBy?: number | null;
}

/**
 * Newest first. Plan: timeline_contact_idx / timeline_company_idx (record id, occurred_at desc,
 * id desc) serve the row comparison directly, so a page costs `limit` index entries.
 */
export function listTimelinePage(db: Executor, q: TimelinePageQuery) {
  let query = db
    .selectFrom('timeline_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.kind', 'e.occurred_at', sql<string>`e.occurred_at::text`.as('occurred_key'), 'e.actor_user_id', 'u.name as actor_name', 'e.data', 'e.contact_id', 'e.company_id'])
    .where('e.workspace_id', '=', q.workspaceId);
  query = 'contactId' in q.subject ? query.where('e.contact_id', '=', q.subject.contactId) : query.where('e.company_id', '=', q.subject.companyId);
  const kinds = sql<SqlBool>`e.kind = any(${textArray(q.kinds)})`;
  query = query.where(q.includeCustom ? sql<SqlBool>`(${kinds} or e.kind like ${`${CUSTOM_KIND_PREFIX}%`})` : kinds);
  if (q.onlyDealsOwnedBy !== undefined) query = query.where(eventOfVisibleDeal(q.workspaceId, q.onlyDealsOwnedBy));
  if (q.before) query = query.where(sql<boolean>`(e.occurred_at, e.id) < (${q.before[0]}::timestamptz, ${q.before[1]})`);
  return query.orderBy('e.occurred_at', 'desc').orderBy('e.id', 'desc').limit(q.limit + 1).execute();
}

/**
 * The event `e` names no deal, or one the given user owns. Deal and activity events name their
 * deal in data.dealId (the copies on contact and company timelines carry no deal_id, which is
 * reserved for the deal's own timeline). Used by the timeline and by segment conditions alike.
 */
export function eventOfVisibleDeal(workspaceId: number, ownerId: number | null): RawBuilder<SqlBool> {
  return sql<SqlBool>`(e.data ->> 'dealId' is null or exists (select 1 from deals d where d.workspace_id = ${workspaceId} and d.id = (e.data ->> 'dealId')::bigint and d.owner_id = ${ownerId}))`;
}

/** Moves a merged contact's history to the survivor. */
export function reassignContactEvents(db: Executor, workspaceId: number, fromContactId: number, toContactId: number) {
  return db.updateTable('timeline_events').set({ contact_id: toContactId }).where('workspace_id', '=', workspaceId).where('contact_id', '=', fromContactId).execute();
}

export function reassignCompanyEvents(db: Executor, workspaceId: number, fromCompanyId: number, toCompanyId: number) {
  return db.updateTable('timeline_events').set({ company_id: toCompanyId }).where('workspace_id', '=', workspaceId).where('company_id', '=', fromCompanyId).execute();
}
