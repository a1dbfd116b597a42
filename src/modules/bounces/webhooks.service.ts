import type { AppContext } from '../../context.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { signValue, verifySigned } from '../../lib/crypto.js';
import * as repo from './bounces.repo.js';
import { classifyBounce } from './classify.js';
import { recordDeliveryReport } from './record-report.js';
import { snsNetwork } from './sns-certificates.js';
import { authenticateWebhook, type WebhookCall } from './webhook-checks.js';
import { readProviderEvents, type Provider, type ProviderEvent } from './webhook-providers.js';
import * as webhooksRepo from './webhooks.repo.js';

/**
 * Webhook URLs carry their shared secret: an HMAC over workspace and provider (SECRET_KEY), so a
 * URL works for that workspace and that provider only, and a guessed or altered one for none.
 */
const tokenValue = (workspaceId: number, provider: Provider) => `ewh-${provider}-${workspaceId}`;

export function webhookToken(secret: string, workspaceId: number, provider: Provider): string {
  return signValue(secret, tokenValue(workspaceId, provider));
}

function workspaceOfToken(secret: string, provider: Provider, token: string): number {
  const value = verifySigned(secret, token);
  const m = value ? /^ewh-([a-z]+)-(\d{1,15})$/.exec(value) : null;
  if (!m || m[1] !== provider) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This webhook URL is not valid');
  return Number(m[2]);
}

async function targetOf(ctx: AppContext, workspaceId: number, e: ProviderEvent): Promise<repo.ReportTarget> {
  const found = (e.messageId ? await repo.targetByMessageId(ctx.db, workspaceId, e.messageId) : null) ?? await repo.targetByEmail(ctx.db, workspaceId, e.email);
  // An event about a message we cannot find (sent before Rapport, or by hand) still earns its suppression.
  return found ?? { workspaceId, campaignId: null, recipientId: null, transactionalId: null, contactId: null, email: e.email, accountId: null, sendingDomain: null, bouncedAt: null, complainedAt: null };
}

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * Receives one webhook call: checks the URL's secret, then the provider's own proof (signature,
 * basic auth; replays refused), reads the payload into events and records each like a DSN. An
 * Amazon SNS subscription is confirmed by visiting its SubscribeURL once its signature verifies.
 */
export async function receiveWebhook(o: { ctx: AppContext; provider: Provider; token: string; rawBody: string; headers: WebhookCall['headers'] }) {
  const { ctx, provider } = o;
  const workspaceId = workspaceOfToken(ctx.secret, provider, o.token);
  const parsed = safeJson(o.rawBody);
  if (parsed === undefined) throw AppError.invalid({ path: 'body', message: 'must be JSON' });
  const settings = await webhooksRepo.findWebhookSettings(ctx.db, workspaceId, provider);
  const nonce = await authenticateWebhook({ ctx, workspaceId, provider, settings, call: { rawBody: o.rawBody, body: parsed, headers: o.headers } });
  try {
    return await handleWebhook(ctx, workspaceId, provider, parsed);
  } catch (err) {
    if (nonce) await webhooksRepo.releaseNonce(ctx.db, workspaceId, provider, nonce);
    throw err;
  }
}

async function handleWebhook(ctx: AppContext, workspaceId: number, provider: Provider, parsed: unknown) {
  let body = parsed;
  if (provider === 'ses') {
    const sns = parsed as { Type?: unknown; Message?: unknown; SubscribeURL?: unknown } | null;
    if (!sns || typeof sns.Type !== 'string') throw AppError.invalid({ path: 'Type', message: 'not an Amazon SNS message' });
    if (sns.Type === 'SubscriptionConfirmation') {
      const url = safeUrl(sns.SubscribeURL);
      if (!url || url.protocol !== 'https:' || !SNS_HOST.test(url.hostname)) throw AppError.invalid({ path: 'SubscribeURL', message: 'must be an https URL on an Amazon SNS host' });
      await snsNetwork.confirm(url).catch((err: Error) => { throw AppError.invalid({ path: 'SubscribeURL', message: err.message }); });
      return { confirmed: true, recorded: 0, ignored: 0 };
    }
    if (sns.Type !== 'Notification') return { confirmed: false, recorded: 0, ignored: 0 };
    body = typeof sns.Message === 'string' ? safeJson(sns.Message) ?? null : null;
    if (!body) throw AppError.invalid({ path: 'Message', message: 'must be the SES notification as JSON' });
  }
  const events = readProviderEvents(provider, body);
  let recorded = 0;
  for (const e of events) {
    const target = await targetOf(ctx, workspaceId, e);
    const { class: cls, reason } = e.kind === 'complaint' ? { class: 'complaint' as const, reason: `complaint (${e.feedbackType ?? 'abuse'})` } : classifyBounce({ status: e.status, diagnostic: e.diagnostic, hint: e.hint });
    const outcome = await recordDeliveryReport({ ctx, target, report: { kind: e.kind, class: cls, reason, statusCode: e.status, diagnostic: e.diagnostic, remoteMta: e.remoteMta, source: `webhook:${provider}`, feedbackType: e.feedbackType, occurredAt: e.occurredAt ?? undefined } });
    if (outcome === 'recorded') recorded++;
  }
  return { confirmed: false, recorded, ignored: events.length - recorded };
}

/** The parsed JSON, or undefined when it is not JSON. */
function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}
function safeUrl(value: unknown): URL | null {
  try { return typeof value === 'string' ? new URL(value) : null; } catch { return null; }
}
