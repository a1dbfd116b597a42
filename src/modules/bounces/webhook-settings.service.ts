import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { sealSecret } from '../../lib/secret-box.js';
import { publicBase } from '../audience/public-url.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { WEBHOOK_SECRET_PURPOSE } from './webhook-checks.js';
import { PROVIDERS, type Provider } from './webhook-providers.js';
import { sendgridPublicKey } from './webhook-signatures.js';
import { webhookToken } from './webhooks.service.js';
import type { WebhookEntry, WebhookVerificationInput } from './webhooks.schema.js';
import * as repo from './webhooks.repo.js';

type SettingsRow = Awaited<ReturnType<typeof repo.listWebhookSettings>>[number];

function present(ctx: AppContext, workspaceId: number, provider: Provider, s: SettingsRow | undefined): WebhookEntry {
  const verifiedBy = provider === 'ses' || (provider === 'sendgrid' && s?.public_key) || (provider === 'mailgun' && s?.secret_sealed) ? 'signature'
    : provider === 'postmark' && s?.username ? 'basic-auth' : 'url-secret';
  return {
    provider, url: `${publicBase(ctx.config)}/api/v1/webhooks/email/${provider}/${webhookToken(ctx.secret, workspaceId, provider)}`,
    verifiedBy, publicKey: s?.public_key ?? null, username: s?.username ?? null, topicArn: s?.topic_arn ?? null, hasSecret: !!s?.secret_sealed,
  };
}

/** The URL to paste into each provider's console and how its calls are checked (sending:manage, as the URL is a credential). */
export async function listWebhookUrls(o: { ctx: AppContext; actor: Actor }): Promise<WebhookEntry[]> {
  requirePermission(o.actor, 'sending:manage');
  const rows = await repo.listWebhookSettings(o.ctx.db, o.actor.workspaceId);
  return PROVIDERS.map((p) => present(o.ctx, o.actor.workspaceId, p, rows.find((r) => r.provider === p)));
}

/** Which fields each provider takes, and which of them it needs. */
const FIELDS: Record<Provider, { allowed: (keyof WebhookVerificationInput)[]; required: (keyof WebhookVerificationInput)[] }> = {
  ses: { allowed: ['topicArn'], required: ['topicArn'] },
  sendgrid: { allowed: ['publicKey'], required: ['publicKey'] },
  mailgun: { allowed: ['signingKey'], required: ['signingKey'] },
  postmark: { allowed: ['username', 'password'], required: ['username', 'password'] },
};

/**
 * Sets how a provider's calls are proven: SendGrid's verification key, Mailgun's signing key,
 * Postmark's basic-auth pair, or the one SNS topic accepted. From then on a call without that
 * proof is refused (401), even on the right URL.
 */
export async function setWebhookVerification(o: { ctx: AppContext; actor: Actor; provider: Provider; input: WebhookVerificationInput }): Promise<WebhookEntry> {
  requirePermission(o.actor, 'sending:manage');
  const { allowed, required } = FIELDS[o.provider];
  const given = Object.keys(o.input) as (keyof WebhookVerificationInput)[];
  const issues = [
    ...given.filter((k) => !allowed.includes(k)).map((k) => ({ path: k, message: `is not used by ${o.provider}` })),
    ...required.filter((k) => o.input[k] === undefined).map((k) => ({ path: k, message: `is required for ${o.provider}` })),
  ];
  if (o.input.publicKey !== undefined && !sendgridPublicKey(o.input.publicKey)) issues.push({ path: 'publicKey', message: 'must be an ECDSA P-256 public key (base64 or PEM)' });
  if (issues.length) throw AppError.invalid(issues);
  const secret = o.input.signingKey ?? o.input.password;
  await repo.upsertWebhookSettings(o.ctx.db, o.actor.workspaceId, o.provider, {
    publicKey: o.input.publicKey ?? null, username: o.input.username ?? null, topicArn: o.input.topicArn ?? null,
    secretSealed: secret === undefined ? null : sealSecret(o.ctx.secret, WEBHOOK_SECRET_PURPOSE, secret),
  });
  return present(o.ctx, o.actor.workspaceId, o.provider, await repo.findWebhookSettings(o.ctx.db, o.actor.workspaceId, o.provider));
}

/** Back to the secret URL alone (Amazon SNS signatures are still checked). */
export async function clearWebhookVerification(o: { ctx: AppContext; actor: Actor; provider: Provider }): Promise<void> {
  requirePermission(o.actor, 'sending:manage');
  await repo.deleteWebhookSettings(o.ctx.db, o.actor.workspaceId, o.provider);
}
