import type { ColumnType, Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. Keep in step with src/db/migrations. */
type Id = Generated<number>;
type CreatedAt = Generated<Date>;
type Json<T = unknown> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;

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
}

export type DealStatus = 'open' | 'won' | 'lost';
export type ActivityType = 'call' | 'meeting' | 'task';
export type EmailStatus = 'none' | 'pending' | 'sending' | 'sent';

export interface PipelinesTable {
  id: Id;
  workspace_id: number;
  name: string;
  position: Generated<number>;
  created_at: CreatedAt;
}

export interface PipelineStagesTable {
  id: Id;
  workspace_id: number;
  pipeline_id: number;
  name: string;
  position: number;
  probability: number;
  created_at: CreatedAt;
}

export interface LostReasonsTable {
  id: Id;
  workspace_id: number;
  label: string;
  position: Generated<number>;
  created_at: CreatedAt;
}

export interface DealsTable {
  id: Id;
  workspace_id: number;
  pipeline_id: number;
  stage_id: number;
  title: string;
  value: ColumnType<number, number | string | undefined, number | string>;
  currency: string;
  expected_close_date: string | null;
  status: Generated<DealStatus>;
  owner_id: number | null;
  company_id: number | null;
  tags: Generated<string[]>;
  custom: JsonDefault<CustomValues>;
  lost_reason_id: number | null;
  lost_note: string | null;
  won_at: Date | null;
  lost_at: Date | null;
  closed_at: Date | null;
  stage_entered_at: Generated<Date>;
  search: ColumnType<unknown, never, never>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface DealContactsTable {
  deal_id: number;
  contact_id: number;
  workspace_id: number;
}

export interface DealStageHistoryTable {
  id: Id;
  workspace_id: number;
  deal_id: number;
  from_stage_id: number | null;
  to_stage_id: number;
  entered_at: Generated<Date>;
  left_at: Date | null;
  actor_user_id: number | null;
}

export interface DealCostsTable {
  id: Id;
  workspace_id: number;
  deal_id: number;
  label: string;
  amount: ColumnType<number, number | string, number | string>;
  cost_date: string;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface ActivitiesTable {
  id: Id;
  workspace_id: number;
  type: ActivityType;
  subject: string;
  notes: string | null;
  deal_id: number | null;
  contact_id: number | null;
  company_id: number | null;
  assignee_id: number | null;
  occurred_at: Generated<Date>;
  due_at: Date | null;
  done_at: Date | null;
  call_direction: 'inbound' | 'outbound' | null;
  call_outcome: string | null;
  call_duration_seconds: number | null;
  meeting_start_at: Date | null;
  meeting_end_at: Date | null;
  meeting_location: string | null;
  attendees: JsonDefault<{ name?: string; email: string }[]>;
  follow_up_of: number | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface NotificationsTable {
  id: Id;
  workspace_id: number;
  user_id: number;
  kind: string;
  title: string;
  body: Generated<string>;
  link: string | null;
  source_key: string | null;
  email_status: Generated<EmailStatus>;
  read_at: Date | null;
  created_at: CreatedAt;
}

export interface UserPreferencesTable {
  user_id: number;
  workspace_id: number;
  email_reminders: Generated<boolean>;
  updated_at: Generated<Date>;
}

export type SegmentKind = 'dynamic' | 'static';

export interface SegmentsTable {
  id: Id;
  workspace_id: number;
  name: string;
  description: string | null;
  kind: SegmentKind;
  tree: Json<unknown>;
  tree_version: Generated<number>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  last_count: number | null;
  last_counted_at: Date | null;
}

export interface SegmentMembersTable {
  workspace_id: number;
  segment_id: number;
  contact_id: number;
}

export type ListPurpose = 'marketing' | 'transactional';
export type ListMemberStatus = 'subscribed' | 'unsubscribed' | 'pending';
export type ConsentStatus = 'granted' | 'withdrawn' | 'pending';
export type ConsentSource = 'form' | 'confirmation' | 'preference_centre' | 'one_click_unsubscribe' | 'import' | 'api' | 'admin' | 'ui';
export type OptInMode = 'single' | 'double';
export type SuppressionReason = 'unsubscribed' | 'hard_bounce' | 'complaint' | 'manual' | 'imported' | 'erased';

export interface ListsTable {
  id: Id;
  workspace_id: number;
  name: string;
  description: string | null;
  purpose: Generated<ListPurpose>;
  opt_in_mode: Generated<OptInMode>;
  public_name: string | null;
  public_description: string | null;
  sender_name: string | null;
  created_at: CreatedAt;
}

export interface ListMembersTable {
  workspace_id: number;
  list_id: number;
  contact_id: number;
  status: ListMemberStatus;
  updated_at: Generated<Date>;
}

export interface ConsentEventsTable {
  id: Id;
  workspace_id: number;
  contact_id: number;
  list_id: number | null;
  channel: 'email';
  status: ConsentStatus;
  source: ConsentSource;
  ip: string | null;
  text_shown: string | null;
  recorded_at: Generated<Date>;
  actor_user_id: number | null;
  user_agent: string | null;
  form_id: number | null;
  lawful_basis: string | null;
  proof: string | null;
  actor_label: string | null;
}

export interface FormsTable {
  id: Id;
  workspace_id: number;
  name: string;
  list_ids: Json<number[]>;
  fields: Json<unknown>;
  consent_text: string;
  success_message: string | null;
  redirect_url: string | null;
  enabled: Generated<boolean>;
  submissions: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface SuppressionsTable {
  id: Id;
  workspace_id: number;
  email: string | null;
  email_hash: string;
  reason: SuppressionReason;
  note: string | null;
  created_at: CreatedAt;
}

export interface ConfirmationTokensTable {
  nonce: string;
  workspace_id: number;
  contact_id: number;
  list_ids: Json<number[]>;
  form_id: number | null;
  fields: Json<unknown>;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface RateCountersTable {
  bucket: string;
  key: string;
  window_start: Date;
  count: Generated<number>;
}

export interface ContactConsentsTable {
  workspace_id: number;
  contact_id: number;
  channel: 'email';
  list_id: number | null;
  status: ConsentStatus;
  updated_at: Generated<Date>;
}

export interface DB {
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
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  lost_reasons: LostReasonsTable;
  deals: DealsTable;
  deal_contacts: DealContactsTable;
  deal_stage_history: DealStageHistoryTable;
  deal_costs: DealCostsTable;
  activities: ActivitiesTable;
  notifications: NotificationsTable;
  user_preferences: UserPreferencesTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  lists: ListsTable;
  list_members: ListMembersTable;
  consent_events: ConsentEventsTable;
  contact_consents: ContactConsentsTable;
  forms: FormsTable;
  suppressions: SuppressionsTable;
  confirmation_tokens: ConfirmationTokensTable;
  rate_counters: RateCountersTable;
}
