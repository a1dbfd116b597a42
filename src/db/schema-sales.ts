import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Id, JsonDefault } from './column-types.js';
import type { CustomValues } from './schema.js';

/** Row types of the sales tables: pipelines, deals, activities and their notifications (0002). */
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

export interface SalesTables {
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
}
