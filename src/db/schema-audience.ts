import type { Generated } from 'kysely';
import type { CreatedAt, Id, Json } from './column-types.js';

/** Row types of segments and the email audience: lists, the consent ledger, forms, suppressions (0003, 0005, 0008). */
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

export interface AudienceTables {
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
