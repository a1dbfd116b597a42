import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { emailHash } from '../audience/email-hash.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { rawExecutorOf } from '../notifications/notifications.repo.js';
import { findDomainByName } from '../sending/sending.repo.js';
import { findTemplate } from '../templates/templates.repo.js';
import { domainOf } from './sending-identity.js';
import * as repo from './transactional.repo.js';
import type { SendTransactionalInput } from './transactional.schema.js';

export const TRANSACTIONAL_QUEUE = 'transactional-send';
export interface TransactionalJob { workspaceId: number; id: number }

export function presentTransactional(r: repo.TransactionalRow) {
  return { id: Number(r.id), templateId: r.template_id === null ? null : Number(r.template_id), to: r.email, status: r.status, attempts: r.attempts, messageId: r.message_id, error: r.last_error, createdAt: r.created_at, sentAt: r.sent_at };
}

/**
 * Queues one transactional message on its own lane (queue and SMTP pools apart from campaigns, so
 * bulk never delays it). It skips the marketing guard (no list, no consent) but not hard-bounce or
 * complaint suppression: such a message is recorded as `suppressed` and not sent. The same
 * Idempotency-Key returns the first message (200) instead of sending again (202).
 */
export async function sendTransactional(o: { ctx: AppContext; actor: Actor; input: SendTransactionalInput; idempotencyKey?: string }) {
  const { ctx, actor, input } = o;
  requirePermission(actor, 'campaigns:send');
  const ws = actor.workspaceId;
  if (o.idempotencyKey) {
    const existing = await repo.findByIdempotencyKey(ctx.db, ws, o.idempotencyKey);
    if (existing) return { replayed: true, message: presentTransactional(existing) };
  }
  const template = await findTemplate(ctx.db, ws, input.templateId);
  if (!template) throw AppError.invalid({ path: 'templateId', message: 'no such template' });
  const domain = await findDomainByName(ctx.db, ws, domainOf(input.from.email));
  if (!domain?.verified_at) throw AppError.invalid({ path: 'from.email', message: `${domainOf(input.from.email)} is not a verified sending domain of this workspace` });
  const suppressed = await repo.hardSuppressed(ctx.db, ws, emailHash(ctx.secret, input.to));
  const contact = await repo.findContactByEmail(ctx.db, ws, input.to);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertMessage(trx, {
      workspace_id: ws, template_id: input.templateId, contact_id: contact ? Number(contact.id) : null, email: input.to, data: JSON.stringify(input.data),
      idempotency_key: o.idempotencyKey ?? null, status: suppressed ? 'suppressed' : 'queued', from_email: input.from.email, from_name: input.from.name ?? null,
      subject: null, last_error: suppressed ? `the address is suppressed (${suppressed})` : null,
    });
    // Lost the race for the same key to a concurrent request: answer with its message.
    if (!row) return { replayed: true, message: presentTransactional((await repo.findByIdempotencyKey(trx, ws, o.idempotencyKey!))!) };
    if (!suppressed) await ctx.queue.send(TRANSACTIONAL_QUEUE, { workspaceId: ws, id: Number(row.id) }, { db: rawExecutorOf(trx) });
    await insertAudit(trx, actor, { entity: 'transactional_message', entityId: Number(row.id), action: 'send', after: { to: input.to, templateId: input.templateId, status: row.status } });
    return { replayed: false, message: presentTransactional(row) };
  });
}

export async function getTransactional(o: { ctx: AppContext; actor: Actor; id: number }) {
  requirePermission(o.actor, 'campaigns:read');
  const row = await repo.findMessage(o.ctx.db, o.actor.workspaceId, o.id);
  if (!row) throw AppError.notFound('Transactional message');
  return presentTransactional(row);
}
