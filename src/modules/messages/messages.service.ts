import type { AppContext } from '../../context.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { retryUniqueRace } from '../../lib/unique-race.js';
import { recordReceipt } from '../channels/channels.repo.js';
import type { MessageChannel } from '../channels/channels.schema.js';
import { channelForHook, hookActor } from '../channels/channels.service.js';
import { jsonOf } from '../channels/raw-body.js';
import { timestampedSignatureValid } from '../channels/signatures.js';
import { resolveOrderContact } from '../orders/order-contacts.js';
import { findInbox } from '../tickets/inboxes.repo.js';
import { fileChatMessage } from '../tickets/ticket-intake.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import * as repo from './messages.repo.js';
import { inboundMessageBody } from './messages.schema.js';

const CHANNEL_NAME: Record<MessageChannel, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', facebook: 'Facebook Messenger' };
const unauthorized = (why: string) => new AppError(ErrorCode.UNAUTHENTICATED, why);
const excerpt = (text: string) => text.replace(/\s+/g, ' ').slice(0, 300);

/**
 * A gateway's message: signed over "<timestamp>.<raw body>" with the channel's secret, fresh
 * (±5 min), and each signature accepted once. The sender becomes (or is found as) a contact; the
 * message lands on their timeline and, when the channel names an inbox, on a chat ticket there.
 * All in one transaction: a failure leaves nothing, and the gateway's retry files it once.
 */
export async function receiveChannelMessage(options: { ctx: AppContext; channel: MessageChannel; workspaceId: number; raw: Buffer; timestamp?: string; signature?: string }) {
  const { ctx, channel, workspaceId, raw } = options;
  const settings = await channelForHook(ctx, workspaceId, channel);
  const check = settings ? timestampedSignatureValid(settings.secret, raw, options.timestamp, options.signature) : 'bad';
  if (check === 'bad') throw unauthorized('The webhook signature is missing or wrong');
  if (check === 'stale') throw unauthorized('The signature’s timestamp is outside the 5-minute window');
  const parsed = inboundMessageBody.safeParse(jsonOf(raw));
  if (!parsed.success) throw AppError.invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message })));
  const m = parsed.data;
  const actor = hookActor(workspaceId, channel);
  return retryUniqueRace(() => ctx.db.transaction().execute(async (trx) => {
    if (!(await recordReceipt(trx, workspaceId, channel, options.signature!))) throw AppError.conflict('This signed request was received before (a replay)');
    const [firstName, ...rest] = (m.from.name ?? '').split(/\s+/);
    const senderExternalId = `${channel}:${m.from.externalId}`;
    const contactId = await resolveOrderContact({ db: trx, actor, source: channel, hint: { email: m.from.email, externalId: senderExternalId, firstName, lastName: rest.join(' '), phone: m.from.phone } });
    const sentAt = m.sentAt ? new Date(m.sentAt) : new Date();
    const id = await repo.insertInboundMessage(trx, { workspaceId, channel, externalMessageId: m.messageId, senderExternalId, contactId, body: m.text, sentAt });
    if (id === undefined) return { filed: false as const, reason: 'duplicate message id', contactId };
    const inbox = settings!.inboxId ? await findInbox(trx, workspaceId, settings!.inboxId) : undefined;
    const ticket = inbox
      ? await fileChatMessage(trx, { inbox, contactId, from: m.from.email ?? senderExternalId, subject: `${CHANNEL_NAME[channel]} message from ${m.from.name || m.from.externalId}`, text: m.text, messageId: `${senderExternalId}:${m.messageId}` })
      : undefined;
    if (ticket) await repo.setMessageTicket(trx, workspaceId, id, ticket.ticketId);
    await insertTimelineEvents(trx, [{ workspaceId, contactId, kind: 'message_received', occurredAt: sentAt, data: { channel, excerpt: excerpt(m.text), messageId: id, ...(ticket ? { ticketId: ticket.ticketId } : {}) } }]);
    return { filed: true as const, messageId: id, contactId, ticketId: ticket?.ticketId ?? null };
  }));
}
