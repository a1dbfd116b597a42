import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { TicketStatus } from '../../db/schema-helpdesk.js';
import { AppError } from '../../lib/app-error.js';
import { addressOf, mailTransport } from '../../mail/transport.js';
import { queueCsatSurvey } from '../csat/csat.job.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { rawExecutorOf } from '../notifications/notifications.repo.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { attachmentPath } from './mail-content.js';
import { statusChange } from './ticket-status.js';
import { agentSignature } from './agents.repo.js';
import { inboxAddress } from './inboxes.repo.js';
import * as repo from './tickets.repo.js';

export const TICKET_REPLY_QUEUE = 'ticket-reply';
/** What an agent writes: a public reply (emailed) or an internal note. */
export type AgentMessageKind = 'reply' | 'note';

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).replace(/[>\s]/g, '') || 'localhost';

/**
 * An agent's public reply or internal note. A reply is stored as queued and sent by a job in the
 * same transaction (so it is sent once the write commits, and retried if SMTP fails), with a
 * Message-ID of its own and In-Reply-To/References naming the thread, so the customer's mail
 * client threads it and their answer finds its way back here. The first public reply meets the
 * first-response target; after a reply the ticket waits on the customer (pending) unless the
 * agent chose another status.
 */
export async function addTicketMessage(options: { ctx: AppContext; actor: Actor; ticketId: number; kind: AgentMessageKind; body: string; status?: TicketStatus }) {
  const { ctx, actor, ticketId, kind, body } = options;
  requirePermission(actor, 'tickets:write');
  const ws = actor.workspaceId;
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.lockTicket(trx, ws, ticketId))) throw AppError.notFound('Ticket');
    const t = (await repo.findTicket(trx, ws, ticketId))!;
    if (t.merged_into_id) throw AppError.invalid({ path: 'ticketId', message: `this ticket was merged into #${t.merged_into_id}; write there` });
    if (kind === 'note') {
      const id = await repo.insertMessage(trx, { workspaceId: ws, ticketId, messageKind: 'note', authorId: actor.userId, fromAddress: null, toAddress: null, subject: null, bodyText: body, bodyHtml: null, messageId: null, inReplyTo: null, attachments: [] });
      await insertAudit(trx, actor, { entity: 'ticket', entityId: ticketId, action: 'update', after: { noteId: id } });
      return { id, kind };
    }
    if (!t.contact_email) throw AppError.invalid({ path: 'kind', message: 'the ticket’s contact has no email address to reply to' });
    const fromAddress = (t.inbox_id ? await inboxAddress(trx, t.inbox_id) : undefined) ?? addressOf(ctx.config.MAIL_FROM);
    const signature = actor.userId ? await agentSignature(trx, ws, actor.userId) : '';
    const text = signature ? `${body}\n\n-- \n${signature}` : body;
    const thread = await repo.threadMessageIds(trx, ws, ticketId);
    const lastInbound = await repo.lastInboundMessageId(trx, ticketId);
    const messageId = `<t${ticketId}.${randomBytes(9).toString('base64url')}@${domainOf(fromAddress)}>`;
    const id = await repo.insertMessage(trx, {
      workspaceId: ws, ticketId, messageKind: 'reply', authorId: actor.userId, fromAddress, toAddress: t.contact_email, subject: `Re: ${t.subject} [#${ticketId}]`,
      bodyText: text, bodyHtml: null, messageId, inReplyTo: lastInbound ?? thread.at(-1) ?? null, attachments: [], sendStatus: 'queued',
    });
    const to = options.status ?? 'pending';
    const patch = { ...(await statusChange(trx, ws, t, to)), status: to, next_response_due_at: null, ...(t.first_responded_at ? {} : { first_responded_at: new Date() }) };
    await repo.updateTicket(trx, ws, ticketId, patch);
    await insertTimelineEvents(trx, [{ workspaceId: ws, contactId: t.contact_id, kind: 'ticket_replied', actorUserId: actor.userId, data: { ticketId, excerpt: body.replace(/\s+/g, ' ').slice(0, 300) } }]);
    if (to !== t.status) await insertTimelineEvents(trx, [{ workspaceId: ws, contactId: t.contact_id, kind: 'ticket_status_changed', actorUserId: actor.userId, data: { ticketId, from: t.status, to } }]);
    if (to === 'solved' && t.status !== 'solved') await queueCsatSurvey(ctx, trx, ticketId);
    await insertAudit(trx, actor, { entity: 'ticket', entityId: ticketId, action: 'update', after: { replyId: id, status: to } });
    await ctx.queue.send(TICKET_REPLY_QUEUE, { messageId: id }, { db: rawExecutorOf(trx), singletonKey: `ticket-reply:${id}` });
    return { id, kind };
  });
}

/** Sends one queued reply; a throw makes pg-boss retry it with backoff. */
export async function sendTicketReply(ctx: AppContext, job: { messageId: number }): Promise<'sent' | 'skipped' | 'failed'> {
  const m = await repo.findReplyToSend(ctx.db, job.messageId);
  if (!m || m.send_status !== 'queued' || !m.to_address) return 'skipped';
  const transport = mailTransport(ctx.config, ctx.log);
  if (!transport.enabled) {
    await repo.setMessageSendStatus(ctx.db, m.id, 'failed');
    return 'failed';
  }
  const references = (await repo.threadMessageIds(ctx.db, m.workspace_id, m.ticket_id)).filter((id) => id !== m.message_id);
  await transport.send({
    to: m.to_address, subject: m.subject ?? '', text: m.body_text, fromAddress: m.from_address ?? undefined, fromName: m.author_name ?? undefined,
    messageId: m.message_id ?? undefined, inReplyTo: m.in_reply_to ?? undefined, references,
    // Our own replies say they are not automatic, so the customer's auto-responder may answer a human.
    headers: { 'Auto-Submitted': 'no' },
    attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, path: attachmentPath(ctx.config, m.workspace_id, a.id) })),
  });
  await repo.setMessageSendStatus(ctx.db, m.id, 'sent');
  return 'sent';
}

export async function registerTicketReplyWorker(ctx: AppContext): Promise<void> {
  await ctx.queue.work<{ messageId: number }>(TICKET_REPLY_QUEUE, async (job) => {
    await sendTicketReply(ctx, job);
  });
}
