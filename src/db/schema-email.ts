import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Id, JsonDefault } from './column-types.js';

/** Row types of the sending path's tables (migration 0009_email). */
export type SmtpSecurity = 'none' | 'starttls' | 'tls';
export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'paused' | 'sent' | 'cancelled' | 'failed';
export type RecipientStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';
export type EmailEventType = 'delivered' | 'open' | 'click' | 'bounce' | 'complaint' | 'unsubscribe' | 'deferred';
export type BounceClass = 'hard' | 'soft' | 'policy' | 'complaint' | 'unknown';
export type TransactionalStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'suppressed';

export interface SendingAccountsTable {
  id: Id;
  workspace_id: number;
  name: string;
  host: string;
  port: number;
  security: Generated<SmtpSecurity>;
  username: string | null;
  password_encrypted: string | null;
  max_per_second: Generated<number>;
  max_connections: Generated<number>;
  from_domain: string | null;
  weight: Generated<number>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface DnsRecordCheck {
  ok: boolean;
  name: string;
  expected: string;
  found: string[];
  error?: string;
}

export interface SendingDomainsTable {
  id: Id;
  workspace_id: number;
  domain: string;
  dkim_selector: string;
  dkim_public_key: string;
  dkim_private_key_encrypted: string;
  dns_status: JsonDefault<Partial<Record<'dkim' | 'spf' | 'dmarc', DnsRecordCheck>>>;
  verified_at: Date | null;
  checked_at: Date | null;
  created_at: CreatedAt;
}

export interface EmailTemplatesTable {
  id: Id;
  workspace_id: number;
  name: string;
  kind: Generated<'marketing' | 'transactional'>;
  subject: Generated<string>;
  preheader: Generated<string>;
  mjml: string;
  blocks: ColumnType<unknown | null, string | null | undefined, string | null>;
  starter: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface CampaignsTable {
  id: Id;
  workspace_id: number;
  name: string;
  status: Generated<CampaignStatus>;
  subject: Generated<string>;
  preheader: Generated<string>;
  from_name: Generated<string>;
  from_email: Generated<string>;
  reply_to: string | null;
  template_id: number | null;
  compiled_html: string | null;
  list_ids: JsonDefault<number[]>;
  include_segment_ids: JsonDefault<number[]>;
  exclude_segment_ids: JsonDefault<number[]>;
  scheduled_at: Date | null;
  time_zone: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  recipient_count: Generated<number>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface CampaignRecipientsTable {
  id: Id;
  workspace_id: number;
  campaign_id: number;
  contact_id: number | null;
  email: string;
  domain: string;
  status: Generated<RecipientStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  message_id: string | null;
  account_id: number | null;
  last_error: string | null;
  sent_at: Date | null;
  opened_at: Date | null;
  clicked_at: Date | null;
  bounced_at: Date | null;
  bounce_class: BounceClass | null;
  complained_at: Date | null;
  unsubscribed_at: Date | null;
}

export interface CampaignLinksTable {
  id: Id;
  workspace_id: number;
  campaign_id: number | null;
  template_id: number | null;
  position: number;
  url: string;
}

export interface EmailEventsTable {
  id: Id;
  workspace_id: number;
  campaign_id: number | null;
  recipient_id: number | null;
  transactional_id: number | null;
  contact_id: number | null;
  type: EmailEventType;
  machine: Generated<boolean>;
  link_position: number | null;
  ip: string | null;
  user_agent: string | null;
  occurred_at: Generated<Date>;
}

export interface EmailBouncesTable {
  id: Id;
  workspace_id: number;
  campaign_id: number | null;
  recipient_id: number | null;
  transactional_id: number | null;
  contact_id: number | null;
  email: string;
  kind: 'bounce' | 'complaint';
  class: BounceClass;
  status_code: string | null;
  reason: string;
  diagnostic: string | null;
  remote_mta: string | null;
  source: string;
  sending_domain: string | null;
  account_id: number | null;
  occurred_at: Generated<Date>;
}

export interface TransactionalMessagesTable {
  id: Id;
  workspace_id: number;
  template_id: number | null;
  contact_id: number | null;
  email: string;
  data: JsonDefault<Record<string, unknown>>;
  idempotency_key: string | null;
  status: Generated<TransactionalStatus>;
  attempts: Generated<number>;
  message_id: string | null;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
}

export interface EmailTables {
  sending_accounts: SendingAccountsTable;
  sending_domains: SendingDomainsTable;
  email_templates: EmailTemplatesTable;
  campaigns: CampaignsTable;
  campaign_recipients: CampaignRecipientsTable;
  campaign_links: CampaignLinksTable;
  email_events: EmailEventsTable;
  email_bounces: EmailBouncesTable;
  transactional_messages: TransactionalMessagesTable;
}
