import type { AppContext } from '../../context.js';
import { jsonb, type Executor } from '../../db/executor.js';
import { mailTransport } from '../../mail/transport.js';
import { rawExecutorOf } from '../notifications/notifications.repo.js';
import { emailHash, isSendableEmail } from './email-hash.js';
import { LINK_LIFETIME_SECONDS, newNonce, signLink } from './link-tokens.js';
import { publicBase } from './public-url.js';
import { hitRateCounter } from './rate-counters.js';
import * as repo from './audience.repo.js';

export const CONFIRMATION_QUEUE = 'audience-confirmation';
/** List-bombing guard: at most this many confirmation emails per address per day, all workspaces. */
export const CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3;
/** Imports can make thousands of pending members; a workspace sends at most this many a minute. */
export const CONFIRMATIONS_PER_WORKSPACE_PER_MINUTE = 60;

export interface ConfirmationJob {
  nonce: string;
}

/**
 * Records a one-time confirmation for a contact's pending lists and queues its email, in the
 * caller's transaction (both commit or neither). `fields` are what a form visitor typed for an
 * existing contact: applied to its blanks only once the mailbox owner confirms.
 */
export async function queueConfirmation(ctx: AppContext, trx: Executor, o: { workspaceId: number; contactId: number; listIds: number[]; formId?: number | null; fields?: Record<string, unknown> }) {
  const nonce = newNonce();
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_SECONDS.confirm * 1000);
  await trx.insertInto('confirmation_tokens').values({
    nonce, workspace_id: o.workspaceId, contact_id: o.contactId, list_ids: jsonb(o.listIds), form_id: o.formId ?? null, fields: jsonb(o.fields ?? {}), expires_at: expiresAt,
  }).execute();
  const data: ConfirmationJob = { nonce };
  await ctx.queue.send(CONFIRMATION_QUEUE, data, { db: rawExecutorOf(trx) });
  return { nonce, expiresAt };
}

export function confirmationLink(ctx: AppContext, t: { nonce: string; workspaceId: number; contactId: number; expiresAt: Date }): string {
  const token = signLink(ctx.secret, { p: 'confirm', w: t.workspaceId, c: t.contactId, n: t.nonce, e: Math.floor(t.expiresAt.getTime() / 1000) });
  return `${publicBase(ctx.config)}/confirm/${token}`;
}

export type ConfirmationOutcome = 'sent' | 'skipped' | 'capped' | 'deferred';

/**
 * Sends one confirmation email. Only words the workspace wrote (list public names, sender name)
 * and the link go in it — never what the visitor typed — so the form can't be used to mail
 * arbitrary text to a stranger. Capped per address per day; throttled per workspace (a deferred
 * job is re-queued for the next minute).
 */
export async function runConfirmation(ctx: AppContext, job: ConfirmationJob): Promise<ConfirmationOutcome> {
  const transport = mailTransport(ctx.config, ctx.log);
  // Without SMTP_URL the member stays pending (double opt-in lists are refused without it).
  if (!transport.enabled) return 'skipped';
  const t = await repo.findConfirmationToken(ctx.db, job.nonce);
  if (!t || t.used_at || t.expires_at.getTime() < Date.now() || !isSendableEmail(t.email)) return 'skipped';
  const lists = await repo.pendingListsOf(ctx.db, t.workspace_id, t.contact_id, t.list_ids);
  if (lists.length === 0) return 'skipped';
  const throttle = await hitRateCounter(ctx.db, { bucket: 'confirm-ws', key: String(t.workspace_id), windowSeconds: 60, limit: CONFIRMATIONS_PER_WORKSPACE_PER_MINUTE });
  if (!throttle.allowed) {
    await ctx.queue.send(CONFIRMATION_QUEUE, job, { startAfter: new Date(Date.now() + throttle.retryAfter * 1000) });
    return 'deferred';
  }
  const cap = await hitRateCounter(ctx.db, { bucket: 'confirm-addr', key: emailHash(ctx.secret, t.email), windowSeconds: 86_400, limit: CONFIRMATIONS_PER_ADDRESS_PER_DAY });
  if (!cap.allowed) {
    ctx.log.info({ workspaceId: t.workspace_id, contactId: t.contact_id }, 'confirmation email not sent: daily cap for this address reached');
    return 'capped';
  }
  const names = lists.map((l) => l.public_name ?? l.name);
  const link = confirmationLink(ctx, { nonce: t.nonce, workspaceId: t.workspace_id, contactId: t.contact_id, expiresAt: t.expires_at });
  const sender = lists.find((l) => l.sender_name)?.sender_name ?? undefined;
  await transport.send({
    to: t.email,
    fromName: sender,
    subject: `Please confirm your subscription${names.length === 1 ? ` to ${names[0]}` : ''}`,
    text: [
      'Someone (hopefully you) asked to receive email from us on:',
      ...names.map((n) => `  - ${n}`),
      '',
      'To confirm, open this link:',
      link,
      '',
      `The link expires on ${t.expires_at.toISOString().slice(0, 10)}. If you did not ask for this, ignore this message: you will not be subscribed.`,
    ].join('\n'),
  });
  return 'sent';
}

export async function registerConfirmationWorker(ctx: AppContext): Promise<void> {
  await ctx.queue.work<ConfirmationJob>(CONFIRMATION_QUEUE, async (job) => {
    await runConfirmation(ctx, job);
  });
}
