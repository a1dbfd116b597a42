import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Id, JsonDefault } from './column-types.js';

/** Collection tables (migration 0020): tracking keys, the identity graph, raw events and web sessions. */
export interface TrackingKeysTable {
  id: Id;
  workspace_id: number;
  name: string;
  allowed_origins: ColumnType<string[], string[] | undefined, string[]>;
  honor_privacy_signals: Generated<boolean>;
  require_consent: Generated<boolean>;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface VisitorsTable {
  id: Id;
  workspace_id: number;
  anonymous_id: string;
  contact_id: number | null;
  first_seen_at: Date;
  last_seen_at: Date;
}

export interface ContactIdentitiesTable {
  workspace_id: number;
  source: string;
  external_id: string;
  contact_id: number;
  created_at: CreatedAt;
}

export interface WebEventsTable {
  workspace_id: number;
  event_id: string;
  visitor_id: number;
  page: boolean;
  name: string;
  occurred_at: Date;
  received_at: Generated<Date>;
  session_id: string | null;
  url: string | null;
  path: string | null;
  title: string | null;
  referrer: string | null;
  properties: JsonDefault<Record<string, unknown>>;
}

export interface WebSessionsTable {
  workspace_id: number;
  visitor_id: number;
  session_id: string;
  started_at: Date;
  last_seen_at: Date;
  page_count: Generated<number>;
  event_count: Generated<number>;
  landing_event_id: string;
  landing_url: string | null;
  landing_title: string | null;
  referrer: string | null;
  utm: JsonDefault<Record<string, string>>;
  timeline_event_id: number | null;
}

export interface WebEventDailyTable {
  workspace_id: number;
  day: string;
  name: string;
  path: Generated<string>;
  events: number;
  visitors: number;
}

export interface EventsTables {
  tracking_keys: TrackingKeysTable;
  visitors: VisitorsTable;
  contact_identities: ContactIdentitiesTable;
  web_events: WebEventsTable;
  web_sessions: WebSessionsTable;
  web_event_daily: WebEventDailyTable;
}
