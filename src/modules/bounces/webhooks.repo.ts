import type { Executor } from '../../db/executor.js';
import type { WebhookProvider } from '../../db/schema-webhooks.js';

export interface WebhookSettingsWrite {
  publicKey: string | null;
  username: string | null;
  secretSealed: string | null;
  topicArn: string | null;
}

export function findWebhookSettings(db: Executor, workspaceId: number, provider: WebhookProvider) {
  return db.selectFrom('email_webhook_settings').selectAll().where('workspace_id', '=', workspaceId).where('provider', '=', provider).executeTakeFirst();
}

export function listWebhookSettings(db: Executor, workspaceId: number) {
  return db.selectFrom('email_webhook_settings').selectAll().where('workspace_id', '=', workspaceId).execute();
}

export async function upsertWebhookSettings(db: Executor, workspaceId: number, provider: WebhookProvider, w: WebhookSettingsWrite) {
  const values = { public_key: w.publicKey, username: w.username, secret_sealed: w.secretSealed, topic_arn: w.topicArn, updated_at: new Date() };
  await db.insertInto('email_webhook_settings').values({ workspace_id: workspaceId, provider, ...values })
    .onConflict((oc) => oc.columns(['workspace_id', 'provider']).doUpdateSet(values)).execute();
}

export async function deleteWebhookSettings(db: Executor, workspaceId: number, provider: WebhookProvider) {
  await db.deleteFrom('email_webhook_settings').where('workspace_id', '=', workspaceId).where('provider', '=', provider).execute();
}

/**
 * Spends a nonce (Mailgun's token, an SNS MessageId, a SendGrid signature): true the first time,
 * false when it was spent before. The primary key decides, so two racing calls cannot both win.
 */
export async function spendNonce(db: Executor, workspaceId: number, provider: WebhookProvider, nonce: string): Promise<boolean> {
  const row = await db.insertInto('email_webhook_nonces').values({ workspace_id: workspaceId, provider, nonce })
    .onConflict((oc) => oc.doNothing()).returning('nonce').executeTakeFirst();
  return row !== undefined;
}

/** Nonces older than the replay window can no longer be replayed (the timestamp check refuses them). Plan: email_webhook_nonces_seen_idx. */
export async function pruneNonces(db: Executor, olderThan: Date) {
  await db.deleteFrom('email_webhook_nonces').where('seen_at', '<', olderThan).execute();
}

/** A call that failed after spending its nonce gives it back, so the provider's retry is accepted. */
export async function releaseNonce(db: Executor, workspaceId: number, provider: WebhookProvider, nonce: string) {
  await db.deleteFrom('email_webhook_nonces').where('workspace_id', '=', workspaceId).where('provider', '=', provider).where('nonce', '=', nonce).execute();
}
