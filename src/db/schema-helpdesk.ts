import type { Generated } from 'kysely';
import type { CreatedAt, Id, Json, JsonDefault } from './column-types.js';

/** Row types of the help desk's tables (migrations 0012_helpdesk, 0018_helpdesk_operations). */
export type TicketStatus = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketChannel = 'email' | 'web' | 'chat' | 'api' | 'phone';
export type AssignmentMode = 'manual' | 'round_robin' | 'fewest_open';
export type TicketMessageKind = 'inbound' | 'reply' | 'note';
export interface WeeklyHours { [weekday: string]: { start: number; end: number }[] }
export interface StoredAttachment { id: string; filename: string; contentType: string; size: number }

export interface BusinessHoursTable {
  id: Id;
  workspace_id: number;
  name: string;
  time_zone: string;
  weekly: Json<WeeklyHours>;
  holidays: JsonDefault<string[]>;
  created_at: CreatedAt;
}

export interface InboxesTable {
  id: Id;
  workspace_id: number;
  name: string;
  address: string;
  assignment: Generated<AssignmentMode>;
  agent_ids: JsonDefault<number[]>;
  webhook_secret_sealed: string | null;
  created_at: CreatedAt;
}

export interface SlaPoliciesTable {
  id: Id;
  workspace_id: number;
  name: string;
  inbox_id: number | null;
  priority: TicketPriority | null;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  warn_before_minutes: Generated<number>;
  business_hours_id: number | null;
  created_at: CreatedAt;
}

export interface TicketsTable {
  id: Id;
  workspace_id: number;
  inbox_id: number | null;
  subject: string;
  status: Generated<TicketStatus>;
  priority: Generated<TicketPriority>;
  channel: Generated<TicketChannel>;
  assignee_id: number | null;
  contact_id: number | null;
  company_id: number | null;
  tags: Generated<string[]>;
  custom: JsonDefault<Record<string, unknown>>;
  merged_into_id: number | null;
  sla_policy_id: number | null;
  first_response_due_at: Date | null;
  next_response_due_at: Date | null;
  resolution_due_at: Date | null;
  first_responded_at: Date | null;
  solved_at: Date | null;
  sla_pauses: JsonDefault<[string, string][]>;
  paused_since: Date | null;
  sla_warned: JsonDefault<Record<string, string>>;
  sla_breached: JsonDefault<Record<string, string>>;
  csat_requested_at: Date | null;
  csat_score: number | null;
  csat_comment: string | null;
  csat_at: Date | null;
  search: Generated<unknown>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface TicketMessagesTable {
  id: Id;
  workspace_id: number;
  ticket_id: number;
  kind: TicketMessageKind;
  author_id: number | null;
  from_address: string | null;
  to_address: string | null;
  subject: string | null;
  body_text: Generated<string>;
  body_html: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  attachments: JsonDefault<StoredAttachment[]>;
  send_status: 'queued' | 'sent' | 'failed' | null;
  /** The chat visitor's or agent's own id of a chat message (0019_chat): a resend is stored once. */
  chat_client_id: string | null;
  search: Generated<unknown>;
  created_at: CreatedAt;
}

export interface CannedRepliesTable {
  id: Id;
  workspace_id: number;
  name: string;
  body: string;
  created_by: number | null;
  shared: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type TicketBulkStatus = 'queued' | 'running' | 'done' | 'failed';
export interface TicketBulkOperationsTable {
  id: Id;
  workspace_id: number;
  actor: Json<Record<string, unknown>>;
  action: Json<Record<string, unknown>>;
  ticket_ids: number[];
  total: number;
  processed: Generated<number>;
  status: TicketBulkStatus;
  result: JsonDefault<Record<string, unknown>>;
  error: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface AgentProfilesTable {
  workspace_id: number;
  user_id: number;
  status: Generated<'online' | 'away'>;
  signature: Generated<string>;
  last_assigned_at: Date | null;
  updated_at: Generated<Date>;
}

export interface HelpdeskTables {
  business_hours: BusinessHoursTable;
  inboxes: InboxesTable;
  sla_policies: SlaPoliciesTable;
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  canned_replies: CannedRepliesTable;
  agent_profiles: AgentProfilesTable;
  ticket_bulk_operations: TicketBulkOperationsTable;
}
