import type { Generated } from 'kysely';

/** Row types of the provider-webhook checks (migration 0022_webhook_signatures). */
export type WebhookProvider = 'ses' | 'sendgrid' | 'postmark' | 'mailgun';

export interface EmailWebhookSettingsTable {
  workspace_id: number;
  provider: WebhookProvider;
  /** SendGrid: the Event Webhook's verification key (ECDSA P-256, base64 DER or PEM). */
  public_key: string | null;
  /** Postmark: the basic-auth user name. */
  username: string | null;
  /** Mailgun's signing key or Postmark's basic-auth password, sealed (secret-box). */
  secret_sealed: string | null;
  /** Amazon SNS: the only topic accepted (null: any topic whose signature verifies). */
  topic_arn: string | null;
  updated_at: Generated<Date>;
}

export interface EmailWebhookNoncesTable {
  workspace_id: number;
  provider: WebhookProvider;
  nonce: string;
  seen_at: Generated<Date>;
}

export interface WebhookTables {
  email_webhook_settings: EmailWebhookSettingsTable;
  email_webhook_nonces: EmailWebhookNoncesTable;
}
