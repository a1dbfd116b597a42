import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { signValue, verifySigned } from '../../lib/crypto.js';
import { findInbox, type InboxRow } from '../tickets/inboxes.repo.js';
import { cachedSlaPolicy, initialDueDates } from '../sla/sla-clock.js';
import { IntakeRecords } from '../tickets/intake-records.js';
import { findOrCreateContact, inboxActor, openTicket, receiveTicketMail } from '../tickets/ticket-intake.js';
import { statusChange } from '../tickets/ticket-status.js';
import * as tickets from '../tickets/tickets.repo.js';
import * as repo from './chat.repo.js';

/** The visitor side of a chat: public, acting as the widget's inbox (as inbound mail does). */

type Widget = Pick<repo.WidgetRow, 'id' | 'workspace_id' | 'inbox_id'>;
export interface VisitorSession { id: number; visitorId: string; ticketId: number | null; email: string | null }

const CLOSED = new Set(['solved', 'closed']);
// The visitor's id is ours to issue: signed, so one visitor cannot read another's chat by guessing.
const tokenValue = (widgetId: number, visitorId: string) => `chatv.${widgetId}.${visitorId}`;

async function inboxOf(db: Executor, widget: Widget): Promise<InboxRow> {
  const inbox = await findInbox(db, widget.workspace_id, widget.inbox_id);
  if (!inbox) throw AppError.notFound('Inbox');
  return inbox;
}

export function visitorMessagesOut(rows: Awaited<ReturnType<typeof repo.visitorMessages>>) {
  return rows.map((m) => ({ id: m.id, from: m.kind === 'inbound' ? 'visitor' : 'agent', name: m.kind === 'reply' ? m.author_name ?? 'Support' : null, text: m.body_text, cid: m.chat_client_id, at: m.created_at }));
}

/**
 * A visitor says hello: the token names who they are (a new visitor gets one), their chat goes
 * on where it was unless its ticket was solved, and they get every message after `since`.
 */
export async function openVisitorSession(options: { ctx: AppContext; widget: Widget; token?: string; since: number }) {
  const { ctx, widget } = options;
  const claimed = options.token ? verifySigned(ctx.secret, options.token) : null;
  const prefix = tokenValue(widget.id, '');
  const visitorId = claimed?.startsWith(prefix) ? claimed.slice(prefix.length) : randomBytes(12).toString('base64url');
  let s = await repo.findLatestSession(ctx.db, widget.id, visitorId);
  if (!s || (s.ticket_status && CLOSED.has(s.ticket_status))) {
    const id = await repo.insertSession(ctx.db, { workspaceId: widget.workspace_id, widgetId: widget.id, visitorId, email: s?.email ?? null });
    s = { id, workspace_id: widget.workspace_id, widget_id: widget.id, visitor_id: visitorId, ticket_id: null, email: s?.email ?? null, ticket_status: null };
  }
  const messages = s.ticket_id ? await repo.visitorMessages(ctx.db, widget.workspace_id, s.ticket_id, options.since) : [];
  const session: VisitorSession = { id: s.id, visitorId, ticketId: s.ticket_id, email: s.email };
  return { session, token: signValue(ctx.secret, tokenValue(widget.id, visitorId)), messages: visitorMessagesOut(messages) };
}

/**
 * Stores a visitor's message, once per client id. The first message opens the chat's ticket
 * (channel chat, in the widget's inbox, assigned as the inbox assigns); a message on a ticket
 * that waits on the customer opens it again.
 */
export async function postVisitorMessage(options: { ctx: AppContext; widget: Widget; session: VisitorSession; clientId: string; text: string }) {
  const { ctx, widget, session } = options;
  const ws = widget.workspace_id;
  // What opening the ticket needs is read before the transaction (the policy from its cache):
  // on PGlite a transaction holds the only connection, and 1,000 chats queue behind it.
  const inbox = session.ticketId ? null : await inboxOf(ctx.db, widget);
  const sla = inbox ? await cachedSlaPolicy(ctx, ws, inbox.id, 'normal').then((p) => (p ? initialDueDates(p, new Date()) : null)) : undefined;
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockSession(trx, session.id);
    if (!locked) throw AppError.notFound('Chat');
    let ticketId = locked.ticket_id;
    const current = ticketId ? await tickets.lockTicket(trx, ws, ticketId) : undefined;
    const opened = !current || CLOSED.has(current.status);
    if (opened) {
      // Read here only when the chat's ticket was closed since this socket last knew it.
      const into = inbox ?? await inboxOf(trx, widget);
      const actor = inboxActor(into);
      const records = new IntakeRecords(actor);
      const contact = session.email ? await findOrCreateContact(trx, actor, { address: session.email, name: '' }, records) : null;
      ticketId = await openTicket(trx, {
        actor, inbox: into, subject: `Chat: ${options.text.replace(/\s+/g, ' ').slice(0, 80)}`,
        contactId: contact?.id ?? null, companyId: contact?.companyId ?? null, channel: 'chat', priority: 'normal', sla, records,
      });
      await records.write(trx);
      await repo.updateSession(trx, session.id, { ticket_id: ticketId });
    }
    const m = await repo.insertChatMessage(trx, { workspaceId: ws, ticketId: ticketId!, messageKind: 'inbound', authorId: null, fromAddress: session.email, text: options.text, clientId: options.clientId });
    if (m.created && current?.status === 'pending') {
      const t = (await tickets.findTicket(trx, ws, ticketId!))!;
      await tickets.updateTicket(trx, ws, ticketId!, { ...(await statusChange(trx, ws, t, 'open')), status: 'open' });
    }
    session.ticketId = ticketId;
    return { ...m, ticketId: ticketId!, opened };
  });
}

/** The visitor gives their email: they become (or are matched to) a contact, and their chat is theirs. */
export async function identifyVisitor(options: { ctx: AppContext; widget: Widget; session: VisitorSession; email: string; name?: string }) {
  const { ctx, widget, session } = options;
  const inbox = await inboxOf(ctx.db, widget);
  const contactId = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await findOrCreateContact(trx, inboxActor(inbox), { address: options.email, name: options.name ?? '' });
    await repo.updateSession(trx, session.id, { email: options.email });
    if (session.ticketId) await repo.setTicketContact(trx, widget.workspace_id, session.ticketId, id);
    return id;
  });
  session.email = options.email;
  return { contactId };
}

/** No agent online: what the visitor wrote becomes an email ticket, answered by mail. */
export async function leaveOfflineMessage(options: { ctx: AppContext; widget: Widget; email: string; name?: string; text: string }) {
  const { ctx, widget } = options;
  const inbox = await inboxOf(ctx.db, widget);
  const result = await receiveTicketMail({
    ctx, inbox, channel: 'email',
    mail: { from: { address: options.email, name: options.name ?? '' }, subject: `Chat message from ${options.name || options.email}`, text: options.text, html: null, messageId: null, inReplyTo: null, references: [], attachments: [] },
  });
  return { ticketId: result.ticketId };
}

/** Whether an agent of the widget's inbox is online and has the chat panel open. */
export async function agentsAvailable(options: { ctx: AppContext; widget: Widget; connected: Set<number> }): Promise<boolean> {
  if (options.connected.size === 0) return false;
  const inbox = await inboxOf(options.ctx.db, options.widget);
  return (await repo.onlineAgentIds(options.ctx.db, inbox.workspace_id, inbox.agent_ids)).some((id) => options.connected.has(id));
}
