import type { AppContext } from '../../context.js';
import { compileMjml, prepareMessage, renderMessage, type PreparedMessage } from '../../mail/render-message.js';
import { BatchSender, MAX_ATTEMPTS } from './batch-sender.js';
import { composeMessage, loadRenderContacts, loadWorkspaceData, senderOf } from './compose.js';
import { findTemplate } from '../templates/templates.repo.js';
import { loadSendingIdentity } from './sending-identity.js';
import * as repo from './transactional.repo.js';
import { TRANSACTIONAL_QUEUE, type TransactionalJob } from './transactional.service.js';

// Compiled templates and SMTP pools live on between messages of this lane (its own, apart from
// the campaign lanes' pools, so a bulk send never queues ahead of a password reset).
const prepared = new Map<string, PreparedMessage>();
const senders = new Map<string, { sender: BatchSender; idle: NodeJS.Timeout }>();
const POOL_IDLE_MS = 30_000;

async function preparedTemplate(ctx: AppContext, workspaceId: number, templateId: number): Promise<PreparedMessage> {
  const t = await findTemplate(ctx.db, workspaceId, templateId);
  if (!t) throw new Error(`template ${templateId} of workspace ${workspaceId} no longer exists`);
  const key = `${workspaceId}:${templateId}:${t.updated_at.getTime()}`;
  let p = prepared.get(key);
  if (!p) {
    if (prepared.size > 200) prepared.clear();
    prepared.set(key, (p = prepareMessage({ html: await compileMjml(t.mjml), subject: t.subject, preheader: t.preheader })));
  }
  return p;
}

function senderFor(ctx: AppContext, key: string, make: () => BatchSender): BatchSender {
  const entry = senders.get(key);
  if (entry) clearTimeout(entry.idle);
  const sender = entry?.sender ?? make();
  const idle = setTimeout(() => {
    senders.delete(key);
    sender.close();
  }, POOL_IDLE_MS);
  idle.unref();
  senders.set(key, { sender, idle });
  return sender;
}

/**
 * Sends one transactional message. A 4xx answer puts it back to queued and throws, so pg-boss
 * retries the job with backoff; a 5xx answer (or the last attempt) fails it.
 */
export async function runTransactional(ctx: AppContext, job: TransactionalJob): Promise<void> {
  const msg = await repo.claimMessage(ctx.db, job.workspaceId, job.id, ctx.config.SEND_CLAIM_LEASE_SECONDS);
  if (!msg) return;
  const fail = (error: string) => repo.settleMessage(ctx.db, job.workspaceId, job.id, { status: 'failed', error });
  if (msg.template_id === null) return fail('the template was deleted');
  const identity = await loadSendingIdentity(ctx.db, ctx.secret, job.workspaceId, msg.from_email);
  const key = `${job.workspaceId}:${msg.from_email}:${identity.accounts.map((a) => a.id).join(',')}`;
  const smtp = senderFor(ctx, key, () => new BatchSender(ctx, identity.accounts));
  const contact = msg.contact_id === null ? undefined : (await loadRenderContacts(ctx.db, job.workspaceId, [Number(msg.contact_id)])).get(Number(msg.contact_id));
  const template = await preparedTemplate(ctx, job.workspaceId, Number(msg.template_id));
  const workspace = await loadWorkspaceData(ctx.db, job.workspaceId);
  const rendered = await renderMessage(template, {
    ...msg.data, contact: contact ?? { email: msg.email, first_name: null, last_name: null }, workspace, unsubscribe_url: '', preferences_url: '',
  }).catch((err: Error) => err);
  if (rendered instanceof Error) return fail(`render: ${rendered.message}`);
  const message = composeMessage(ctx, senderOf(ctx, { fromName: msg.from_name ?? '', fromEmail: msg.from_email, replyTo: null, dkim: identity.dkim }), {
    to: msg.email, subject: rendered.subject, html: rendered.html, text: rendered.text, verp: { kind: 'transactional', workspaceId: job.workspaceId, id: job.id },
  });
  const outcome = await smtp.send(msg.email.slice(msg.email.lastIndexOf('@') + 1).toLowerCase(), msg.email, message);
  if (outcome.ok) return repo.settleMessage(ctx.db, job.workspaceId, job.id, { status: 'sent', messageId: message.messageId });
  if (!outcome.temporary || msg.attempts >= MAX_ATTEMPTS) return fail(outcome.error);
  await repo.settleMessage(ctx.db, job.workspaceId, job.id, { status: 'queued', error: outcome.error });
  throw new Error(`temporary SMTP failure, retried: ${outcome.error}`);
}

export async function registerTransactionalWorker(ctx: AppContext): Promise<void> {
  await ctx.queue.work<TransactionalJob>(TRANSACTIONAL_QUEUE, (data) => runTransactional(ctx, data));
}
