import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { toStorableDeep } from '../../lib/storable-text.js';
import type { TicketChannel, TicketPriority } from '../../db/schema-helpdesk.js';
import type { Actor } from '../auth/permissions.js';
import * as contacts from '../contacts/contacts.repo.js';
import { cachedSlaPolicy, findSlaPolicy, initialDueDates, nextResponseDue } from '../sla/sla-clock.js';
import { chooseAssignee } from './agents.repo.js';
import type { InboxRow } from './inboxes.repo.js';
import { IntakeRecords } from './intake-records.js';
import { fileInTransaction } from './intake-writer.js';
import { cleanSubject, sanitizeMailHtml, storeAttachments, ticketRefOf, type IncomingAttachment } from './mail-content.js';
import { statusChange } from './ticket-status.js';
import * as repo from './tickets.repo.js';
import type { TicketSla } from './tickets.repo.js';

/** A customer's message as any channel delivers it (SMTP, an inbound webhook, the API). */
export interface IncomingTicketMail {
  from: { address: string; name: string };
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  attachments: IncomingAttachment[];
}

export type IntakeResult = { outcome: 'created' | 'appended'; ticketId: number; messageId: number };

const excerpt = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);

/** The actor inbound mail acts as in the audit log: the inbox itself. */
export const inboxActor = (inbox: InboxRow): Actor => ({ workspaceId: inbox.workspace_id, role: 'admin', userId: null, apiKeyId: null, label: `inbox:${inbox.address}` });

/**
 * Files a customer's mail: into the ticket it answers (by In-Reply-To/References, else by the
 * "[#id]" in its subject), or as a new ticket. The sender becomes the ticket's contact (created if
 * unknown). All of it — contact, ticket, message, SLA, assignment, timeline, audit — in one
 * transaction, so a failure leaves nothing and the sending server's retry files it once; on
 * PGlite that transaction is shared with the mails arriving with it (intake-writer.ts).
 * Sanitising, the inbox's SLA policy (cached) and its due times come first: on PGlite a
 * transaction holds the only connection, so it does no CPU work and as few round trips as it can.
 * Every text field loses its NULs first, whatever channel brought the mail: PostgreSQL refuses
 * U+0000, and a refused insert would fail the sender's every retry (SMTP 451, a webhook's 500).
 */
export async function receiveTicketMail(options: { ctx: AppContext; inbox: InboxRow; mail: IncomingTicketMail; channel?: TicketChannel }): Promise<IntakeResult> {
  const { ctx, inbox } = options;
  const mail = toStorableDeep(options.mail);
  const ws = inbox.workspace_id;
  const { stored, dropped } = await storeAttachments(ctx.config, ws, mail.attachments);
  if (dropped.length) ctx.log.warn({ inbox: inbox.id, dropped }, 'help desk: attachments over ATTACHMENT_MAX_BYTES were not kept');
  const note = dropped.length ? `\n\n[Not kept, over the size limit: ${dropped.join(', ')}]` : '';
  const subject = mail.subject.replace(/[\r\n]+/g, ' ').slice(0, 500);
  const bodyHtml = mail.html ? sanitizeMailHtml(mail.html.slice(0, 1_000_000)) : null;
  const received = { subject: mail.subject.slice(0, 300), excerpt: excerpt(mail.text) };
  const policy = await cachedSlaPolicy(ctx, ws, inbox.id, 'normal');
  const sla = policy ? initialDueDates(policy, new Date()) : null;
  const actor = inboxActor(inbox);
  return fileInTransaction(ctx, actor, async (trx, records) => {
    const contact = await findOrCreateContact(trx, actor, mail.from, records);
    let ticketId = await threadOf(trx, ws, mail, contact.id);
    const outcome = ticketId ? 'appended' : 'created';
    if (!ticketId) {
      ticketId = await openTicket(trx, { actor, inbox, subject: cleanSubject(mail.subject), contactId: contact.id, companyId: contact.companyId, channel: options.channel ?? 'email', priority: 'normal', sla, records });
    }
    const messageId = await repo.insertMessage(trx, {
      workspaceId: ws, ticketId, messageKind: 'inbound', authorId: null, fromAddress: mail.from.address, toAddress: inbox.address,
      subject, bodyText: mail.text.slice(0, 200_000) + note, bodyHtml, messageId: mail.messageId, inReplyTo: mail.inReplyTo, attachments: stored,
    });
    if (outcome === 'appended') await customerWroteAgain(trx, ws, ticketId, records);
    records.event({ workspaceId: ws, contactId: contact.id, kind: 'ticket_message_received', data: { ticketId, ...received } });
    return { outcome, ticketId, messageId };
  });
}

/**
 * A chat message (WhatsApp, Telegram, Facebook gateways) for an inbox, inside the caller's
 * transaction: it continues the contact's open chat ticket of that inbox, or opens one.
 */
export async function fileChatMessage(trx: Executor, o: { inbox: InboxRow; contactId: number; from: string; subject: string; text: string; messageId: string }): Promise<IntakeResult> {
  const ws = o.inbox.workspace_id;
  let ticketId = await repo.findOpenTicketOf(trx, { workspaceId: ws, inboxId: o.inbox.id, contactId: o.contactId, channel: 'chat' });
  const outcome = ticketId ? 'appended' : 'created';
  const records = new IntakeRecords(inboxActor(o.inbox));
  if (ticketId) await customerWroteAgain(trx, ws, ticketId, records);
  else ticketId = await openTicket(trx, { actor: records.actor, inbox: o.inbox, subject: o.subject, contactId: o.contactId, channel: 'chat', priority: 'normal', records });
  const messageId = await repo.insertMessage(trx, {
    workspaceId: ws, ticketId, messageKind: 'inbound', authorId: null, fromAddress: o.from, toAddress: o.inbox.address, subject: o.subject,
    bodyText: o.text, bodyHtml: null, messageId: o.messageId, inReplyTo: null, attachments: [],
  });
  records.event({ workspaceId: ws, contactId: o.contactId, kind: 'ticket_message_received', data: { ticketId, subject: o.subject, excerpt: excerpt(o.text) } });
  await records.write(trx);
  return { outcome, ticketId, messageId };
}

/** The sender's contact, created if unknown (with its timeline event and audit entry in `records`, else written here). */
export async function findOrCreateContact(trx: Executor, actor: Actor, from: { address: string; name: string }, records?: IntakeRecords): Promise<{ id: number; companyId: number | null }> {
  const email = from.address.trim().toLowerCase();
  const [first, ...rest] = from.name.replace(/["']/g, '').trim().split(/\s+/);
  const contact = await contacts.findOrInsertContactByEmail(trx, actor.workspaceId, { email, firstName: (first ?? '').slice(0, 100), lastName: rest.join(' ').slice(0, 100) });
  if (contact.created) {
    const own = records ?? new IntakeRecords(actor);
    own.event({ workspaceId: actor.workspaceId, contactId: contact.id, kind: 'created', data: { source: 'helpdesk', name: from.name || email } });
    own.audit({ entity: 'contact', entityId: contact.id, action: 'create', after: { email, source: 'helpdesk' } });
    if (!records) await own.write(trx);
  }
  return { id: contact.id, companyId: contact.companyId };
}

/** The open ticket this mail continues, if any. A closed ticket is not reopened: the mail starts a new one. */
async function threadOf(trx: Executor, ws: number, mail: IncomingTicketMail, contactId: number): Promise<number | undefined> {
  const ids = [mail.inReplyTo, ...mail.references].filter((v): v is string => !!v);
  let ticketId = await repo.findTicketByMessageIds(trx, ws, ids);
  if (!ticketId) {
    // A subject reference is only believed from the ticket's own customer: anyone can type "[#12]".
    const ref = ticketRefOf(mail.subject);
    const t = ref ? await repo.findTicket(trx, ws, ref) : undefined;
    if (t && t.contact_id === contactId) ticketId = t.merged_into_id ?? t.id;
  }
  if (!ticketId) return undefined;
  const t = await repo.lockTicket(trx, ws, ticketId);
  return t && t.status !== 'closed' ? t.id : undefined;
}

/**
 * Opens a ticket: assignment, SLA due times, timeline and audit. Intake passes what it already
 * knows (the contact's company, the SLA columns it computed before its transaction) and its
 * `records`, which it writes itself; left out, they are read and written here.
 */
export async function openTicket(trx: Executor, o: {
  actor: Actor; inbox: InboxRow | null; subject: string; contactId: number | null; channel: TicketChannel; priority: TicketPriority;
  companyId?: number | null; sla?: TicketSla | null; records?: IntakeRecords;
}): Promise<number> {
  const ws = o.actor.workspaceId;
  const assigneeId = o.inbox ? await chooseAssignee(trx, ws, o.inbox.assignment, o.inbox.agent_ids) : null;
  // A chat may start before its visitor gives an email: such a ticket has no contact yet.
  const companyId = o.companyId !== undefined || !o.contactId ? o.companyId ?? null : (await contacts.findContact(trx, ws, o.contactId))?.company_id ?? null;
  const policy = o.sla === undefined ? await findSlaPolicy(trx, ws, o.inbox?.id ?? null, o.priority) : null;
  const sla = o.sla !== undefined ? o.sla : policy ? initialDueDates(policy, new Date()) : null;
  const ticketId = await repo.insertTicket(trx, { workspaceId: ws, inboxId: o.inbox?.id ?? null, subject: o.subject, priority: o.priority, channel: o.channel, contactId: o.contactId, companyId, assigneeId, sla });
  const records = o.records ?? new IntakeRecords(o.actor);
  records.event({ workspaceId: ws, contactId: o.contactId, kind: 'ticket_created', actorUserId: o.actor.userId, data: { ticketId, subject: o.subject, channel: o.channel } });
  records.audit({ entity: 'ticket', entityId: ticketId, action: 'create', after: { subject: o.subject, contactId: o.contactId, inboxId: o.inbox?.id ?? null, assigneeId } });
  if (!o.records) await records.write(trx);
  return ticketId;
}

/** A customer's follow-up: a solved or pending ticket is open again, and the next response is due. */
async function customerWroteAgain(trx: Executor, ws: number, ticketId: number, records: IntakeRecords): Promise<void> {
  const t = (await repo.findTicket(trx, ws, ticketId))!;
  const patch = await statusChange(trx, ws, t, 'open');
  const policy = await findSlaPolicy(trx, ws, t.inbox_id, t.priority);
  if (policy && t.first_responded_at) patch.next_response_due_at = nextResponseDue(policy, new Date());
  await repo.updateTicket(trx, ws, ticketId, { status: 'open', ...patch });
  if (t.status !== 'open' && t.status !== 'new') {
    records.event({ workspaceId: ws, contactId: t.contact_id, kind: 'ticket_status_changed', data: { ticketId, from: t.status, to: 'open' } });
  }
}
