import type { ColumnType, Generated } from 'kysely';
import type { IdempotencyTables } from './schema-idempotency.js';
import type { CreatedAt, Id, Json, JsonDefault } from './column-types.js';
import type { AudienceTables } from './schema-audience.js';
import type { EmailTables } from './schema-email.js';
import type { ChatTables } from './schema-chat.js';
import type { EventsTables } from './schema-events.js';
import type { HelpdeskTables } from './schema-helpdesk.js';
import type { OrderTables } from './schema-orders.js';
import type { SalesTables } from './schema-sales.js';
import type { WebhookTables } from './schema-webhooks.js';
import './schema-delivery.js';

export * from './schema-audience.js';
export * from './schema-sales.js';
export * from './schema-events.js';
export * from './schema-orders.js';

/**
 * Row types of every table, as Kysely sees them, one file per area (this one: the core of
 * workspaces, people, records and imports). Keep in step with src/db/migrations.
 */

export type Role = 'owner' | 'admin' | 'sales' | 'support' | 'marketing' | 'agency';
export type CustomFieldType = 'text' | 'number' | 'date' | 'boolean' | 'select' | 'multiselect';
export type CustomValues = Record<string, unknown>;

export interface InstanceSettingsTable {
  key: string;
  value: string;
}

export interface WorkspacesTable {
  id: Id;
  name: string;
  settings: JsonDefault<Record<string, unknown>>;
  postal_address: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Id;
  workspace_id: number;
  email: string;
  name: Generated<string>;
  role: Role;
  password_hash: string | null;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: Id;
  workspace_id: number;
  user_id: number;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface ApiKeysTable {
  id: Id;
  workspace_id: number;
  name: string;
  role: Role;
  prefix: string;
  token_hash: string;
  created_by: number | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface InvitesTable {
  id: Id;
  workspace_id: number;
  email: string;
  role: Role;
  invited_by: number | null;
  token_hash: string;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Generated<Date | null>;
  created_at: CreatedAt;
}

export interface CompaniesTable {
  id: Id;
  workspace_id: number;
  name: string;
  domain: string | null;
  phone: string | null;
  industry: string | null;
  owner_id: number | null;
  tags: Generated<string[]>;
  custom: JsonDefault<CustomValues>;
  search: Generated<unknown>;
  notes_search: Generated<unknown>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ContactsTable {
  id: Id;
  workspace_id: number;
  first_name: Generated<string>;
  last_name: Generated<string>;
  full_name: ColumnType<string, never, never>;
  email: string | null;
  email_normalized: string | null;
  phone: string | null;
  phone_normalized: string | null;
  job_title: string | null;
  birthday: string | null;
  company_id: number | null;
  owner_id: number | null;
  tags: Generated<string[]>;
  custom: JsonDefault<CustomValues>;
  search: Generated<unknown>;
  notes_search: Generated<unknown>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  deleted_at: Generated<Date | null>;
}

export interface CustomFieldsTable {
  id: Id;
  workspace_id: number;
  entity: 'contact' | 'company' | 'deal';
  key: string;
  label: string;
  type: CustomFieldType;
  options: JsonDefault<string[]>;
  required: Generated<boolean>;
  position: Generated<number>;
  created_at: CreatedAt;
}

export interface NotesTable {
  id: Id;
  workspace_id: number;
  contact_id: number | null;
  company_id: number | null;
  author_id: number | null;
  body: string;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface TimelineEventsTable {
  id: Id;
  workspace_id: number;
  contact_id: number | null;
  company_id: number | null;
  kind: string;
  occurred_at: Generated<Date>;
  actor_user_id: number | null;
  data: JsonDefault<Record<string, unknown>>;
  deal_id: Generated<number | null>;
}

export interface AuditLogTable {
  id: Id;
  workspace_id: number;
  actor_user_id: number | null;
  actor_api_key_id: number | null;
  actor_label: string;
  entity: string;
  entity_id: number | null;
  action: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  created_at: CreatedAt;
}

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed';
export type ImportMode = 'create' | 'update' | 'upsert';
/** What an import's rows become (migration 0024). */
export type ImportKind = 'contacts' | 'companies' | 'deals' | 'orders';
/** Which row of an email repeated inside one file is imported: the first, the last, or none. */
export type ImportRepeatChoice = 'first' | 'last' | 'skip';
export type DateFormat = 'DMY' | 'MDY' | 'YMD';

export interface ImportsTable {
  id: Id;
  workspace_id: number;
  created_by: number | null;
  actor_label: string;
  filename: string;
  status: ImportStatus;
  mode: Generated<ImportMode>;
  dry_run: Generated<boolean>;
  mapping: JsonDefault<Record<string, string>>;
  headers: JsonDefault<string[]>;
  sample: JsonDefault<string[][]>;
  byte_size: Generated<number>;
  file_sha256: string | null;
  total_rows: number | null;
  processed: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  failed: Generated<number>;
  error_message: string | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  /** Declared consent to subscribe the imported rows to a list (issue 8), or null. */
  subscribe: Json<unknown> | null;
  kind: Generated<ImportKind>;
  on_repeat: ImportRepeatChoice | null;
  date_format: DateFormat | null;
  /** Rows left out by the user's choice for repeated emails. */
  skipped: Generated<number>;
  /** Rows saved with a warning (extra cells). */
  warned: Generated<number>;
}

export interface ImportChunksTable {
  import_id: number;
  seq: number;
  workspace_id: number;
  data: Uint8Array;
}

export interface ImportErrorsTable {
  id: Id;
  workspace_id: number;
  import_id: number;
  row_number: number;
  field: string | null;
  message: string;
  level: Generated<'error' | 'warning'>;
}

export type BulkStatus = 'queued' | 'running' | 'undoable' | 'done' | 'undone' | 'failed';
export interface BulkOperationsTable {
  id: Id;
  workspace_id: number;
  actor: Json<Record<string, unknown>>;
  action: string;
  params: Json<Record<string, unknown>>;
  contact_ids: number[];
  total: number;
  processed: Generated<number>;
  status: BulkStatus;
  result: JsonDefault<Record<string, unknown>>;
  undo_until: Date | null;
  error: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface SavedViewsTable {
  id: Id;
  workspace_id: number;
  user_id: number | null;
  entity: 'contact' | 'company' | 'deal';
  name: string;
  shared: Generated<boolean>;
  config: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ContactEmailsTable {
  workspace_id: number;
  contact_id: number;
  email: string;
  email_normalized: string;
  created_at: CreatedAt;
}

export interface ContactPhonesTable {
  workspace_id: number;
  contact_id: number;
  phone: string;
  phone_normalized: string;
  created_at: CreatedAt;
}

export interface DB extends IdempotencyTables, SalesTables, AudienceTables, EmailTables, HelpdeskTables, ChatTables, WebhookTables, EventsTables, OrderTables {
  instance_settings: InstanceSettingsTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  invites: InvitesTable;
  companies: CompaniesTable;
  contacts: ContactsTable;
  custom_fields: CustomFieldsTable;
  notes: NotesTable;
  timeline_events: TimelineEventsTable;
  audit_log: AuditLogTable;
  imports: ImportsTable;
  import_chunks: ImportChunksTable;
  import_errors: ImportErrorsTable;
  template_previews: TemplatePreviewsTable;
  bulk_operations: BulkOperationsTable;
  saved_views: SavedViewsTable;
  contact_emails: ContactEmailsTable;
  contact_phones: ContactPhonesTable;
  memberships: MembershipsTable;
}

/** Rendered previews of unsaved templates (0014), served in a frame with their own CSP. */
export interface TemplatePreviewsTable {
  id: Generated<number>;
  workspace_id: number;
  token: string;
  html: string;
  created_at: Generated<Date>;
}

/** A user's access to one workspace (migration 0017); the user's role there. */
export interface MembershipsTable {
  workspace_id: number;
  user_id: number;
  role: Role;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
}
