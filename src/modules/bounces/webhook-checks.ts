import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { WebhookProvider } from '../../db/schema-webhooks.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { openSecret } from '../../lib/secret-box.js';
import { snsCertificate } from './sns-certificates.js';
import { REPLAY_WINDOW_SECONDS, sendgridPublicKey, verifyBasicAuth, verifyMailgunSignature, verifySendgridSignature, verifySnsSignature, withinReplayWindow, type SnsMessage } from './webhook-signatures.js';
import * as repo from './webhooks.repo.js';

export const WEBHOOK_SECRET_PURPOSE = 'email-webhook-secret';

type Settings = Awaited<ReturnType<typeof repo.findWebhookSettings>>;
export interface WebhookCall {
  rawBody: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

const refused = (message: string) => new AppError(ErrorCode.UNAUTHENTICATED, message);
const header = (call: WebhookCall, name: string) => {
  const v = call.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Proves a call is the provider's (signature or basic auth, when the workspace set one up; an SNS
 * message always) and not a replay: a signed timestamp within REPLAY_WINDOW_SECONDS, and a nonce
 * spent once. Returns the nonce spent (to give back if recording fails), or null.
 */
export async function authenticateWebhook(o: { ctx: AppContext; workspaceId: number; provider: WebhookProvider; settings: Settings; call: WebhookCall }): Promise<string | null> {
  const { ctx, provider, settings: s, call } = o;
  let nonce: string | null = null;
  if (provider === 'ses') nonce = await checkSns(call.body as Partial<SnsMessage> | null, s?.topic_arn ?? null);
  else if (provider === 'sendgrid' && s?.public_key) nonce = checkSendgrid(call, s.public_key);
  else if (provider === 'mailgun' && s?.secret_sealed) nonce = checkMailgun(call, openSecret(ctx.secret, WEBHOOK_SECRET_PURPOSE, s.secret_sealed));
  else if (provider === 'postmark' && s?.username && s.secret_sealed) {
    if (!verifyBasicAuth(header(call, 'authorization'), s.username, openSecret(ctx.secret, WEBHOOK_SECRET_PURPOSE, s.secret_sealed))) throw refused('Postmark basic auth does not match');
  }
  if (nonce === null) return null;
  await repo.pruneNonces(ctx.db, new Date(Date.now() - 2 * REPLAY_WINDOW_SECONDS * 1000));
  if (!await repo.spendNonce(ctx.db, o.workspaceId, provider, nonce)) throw new AppError(ErrorCode.CONFLICT, 'This webhook call was already received (replay refused)');
  return nonce;
}

async function checkSns(m: Partial<SnsMessage> | null, topicArn: string | null): Promise<string> {
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw AppError.invalid({ path: 'body', message: 'not an Amazon SNS message' });
  for (const field of ['MessageId', 'TopicArn', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL'] as const) {
    if (!str(m[field])) throw refused(`Amazon SNS message without ${field}: not signed`);
  }
  const msg = m as SnsMessage;
  if (topicArn && msg.TopicArn !== topicArn) throw refused('Amazon SNS message from another topic');
  if (!verifySnsSignature(msg, await snsCertificate(msg.SigningCertURL))) throw refused('Amazon SNS signature does not verify');
  if (!withinReplayWindow(Date.parse(msg.Timestamp) / 1000)) throw refused('Amazon SNS message outside the replay window');
  return `sns:${msg.MessageId}`;
}

function checkSendgrid(call: WebhookCall, keyText: string): string {
  const signature = header(call, 'x-twilio-email-event-webhook-signature');
  const timestamp = header(call, 'x-twilio-email-event-webhook-timestamp');
  if (!signature || !timestamp) throw refused('SendGrid signature headers missing');
  const key = sendgridPublicKey(keyText);
  if (!key || !verifySendgridSignature({ publicKey: key, timestamp, signature, rawBody: call.rawBody })) throw refused('SendGrid signature does not verify');
  if (!/^\d{1,12}$/.test(timestamp) || !withinReplayWindow(Number(timestamp))) throw refused('SendGrid call outside the replay window');
  return `sg:${createHash('sha256').update(signature).digest('base64url')}`;
}

function checkMailgun(call: WebhookCall, signingKey: string): string {
  const sig = (call.body as { signature?: Record<string, unknown> } | null)?.signature;
  const timestamp = str(sig?.timestamp);
  const token = str(sig?.token);
  const signature = str(sig?.signature);
  if (!timestamp || !token || !signature) throw refused('Mailgun signature missing');
  if (!verifyMailgunSignature({ signingKey, timestamp, token, signature })) throw refused('Mailgun signature does not verify');
  if (!/^\d{1,12}$/.test(timestamp) || !withinReplayWindow(Number(timestamp))) throw refused('Mailgun call outside the replay window');
  return `mg:${token.slice(0, 200)}`;
}
