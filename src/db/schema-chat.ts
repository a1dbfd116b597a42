import type { Generated } from 'kysely';
import type { CreatedAt, Id, JsonDefault } from './column-types.js';

/** Row types of the live chat's tables (migration 0019_chat). */
export interface ChatColors { primary?: string; text?: string }

export interface ChatWidgetsTable {
  id: Id;
  workspace_id: number;
  inbox_id: number;
  public_key: string;
  allowed_origins: JsonDefault<string[]>;
  greeting: Generated<string>;
  colors: JsonDefault<ChatColors>;
  position: Generated<'right' | 'left'>;
  created_at: CreatedAt;
}

export interface ChatSessionsTable {
  id: Id;
  workspace_id: number;
  widget_id: number;
  visitor_id: string;
  ticket_id: number | null;
  email: string | null;
  transcript_at: Date | null;
  created_at: CreatedAt;
  last_seen_at: Generated<Date>;
}

/** Who is connected, per process (migration 0028_chat_presence); PostgreSQL only. */
export interface ChatPresenceTable {
  workspace_id: number;
  kind: 'visitor' | 'agent';
  subject_id: number;
  node_id: string;
  expires_at: Date;
}

export interface ChatTables {
  chat_widgets: ChatWidgetsTable;
  chat_sessions: ChatSessionsTable;
  chat_presence: ChatPresenceTable;
}
