import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { can, requirePermission, type Actor } from '../auth/permissions.js';
import * as contacts from '../contacts/contacts.repo.js';
import { listDealsQuery } from '../deals/deals.schema.js';
import { listDeals } from '../deals/deals.service.js';
import { slaState } from '../sla/sla-clock.js';
import { listTimeline } from '../timeline/timeline.service.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { openTicket } from './ticket-intake.js';
import { applyTicketChange, checkAssignee } from './ticket-change.js';
import * as inboxes from './inboxes.repo.js';
import * as repo from './tickets.repo.js';
import type { CreateTicketInput, ListTicketsQuery, UpdateTicketInput } from './tickets.schema.js';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findTicket>>>;

function present(t: Row) {
  return {
    id: t.id, subject: t.subject, status: t.status, priority: t.priority, channel: t.channel, inboxId: t.inbox_id,
    assignee: t.assignee_id ? { id: t.assignee_id, name: t.assignee_name ?? '' } : null,
    contact: t.contact_id ? { id: t.contact_id, name: t.contact_name ?? '', email: t.contact_email } : null,
    companyId: t.company_id, tags: t.tags, mergedIntoId: t.merged_into_id, sla: slaState(t),
    csat: t.csat_score ? { score: t.csat_score, comment: t.csat_comment } : null, createdAt: t.created_at, updatedAt: t.updated_at,
  };
}

async function load(ctx: AppContext, actor: Actor, id: number): Promise<Row> {
  const t = await repo.findTicket(ctx.db, actor.workspaceId, id);
  if (!t) throw AppError.notFound('Ticket');
  return t;
}

export async function listTickets(options: { ctx: AppContext; actor: Actor; query: ListTicketsQuery }) {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'tickets:read');
  const rows = await repo.listTickets(ctx.db, { workspaceId: actor.workspaceId, view: query.view, userId: actor.userId, q: query.q, contactId: query.contactId, beforeId: decodeIdCursor(query.cursor), limit: query.limit });
  const page = pageOf(rows, query.limit, (t) => [t.id]);
  return { nextCursor: page.nextCursor, data: page.data.map(present) };
}

/** The ticket, its conversation, and the customer view: who they are and what else they have going on. */
export async function getTicket(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'tickets:read');
  const t = await load(ctx, actor, id);
  const messages = await repo.listMessages(ctx.db, actor.workspaceId, id);
  return {
    ...present(t),
    messages: messages.map((m) => ({
      id: m.id, kind: m.kind, author: m.author_id ? { id: m.author_id, name: m.author_name ?? '' } : null, from: m.from_address, to: m.to_address,
      subject: m.subject, text: m.body_text, html: m.body_html, attachments: m.attachments, sendStatus: m.send_status, createdAt: m.created_at,
    })),
    customer: t.contact_id ? await customerView(ctx, actor, t.contact_id, id) : null,
  };
}

async function customerView(ctx: AppContext, actor: Actor, contactId: number, ticketId: number) {
  const contact = can(actor, 'contacts:read') ? await contacts.findContact(ctx.db, actor.workspaceId, contactId) : undefined;
  const others = await repo.listTickets(ctx.db, { workspaceId: actor.workspaceId, view: 'all', userId: actor.userId, contactId, limit: 10 });
  const timeline = can(actor, 'contacts:read') ? await listTimeline({ ctx, actor, subject: { contactId }, limit: 15 }) : { data: [] };
  // Deals only where the role reads them (support does not), scoped as the deals list scopes them.
  const deals = can(actor, 'deals:read') ? (await listDeals({ ctx, actor, query: listDealsQuery.parse({ contactId, limit: 5 }) })).data : null;
  return {
    contact: contact ? { id: contact.id, name: contact.full_name, email: contact.email, phone: contact.phone, company: contact.company_name, tags: contact.tags } : null,
    otherTickets: others.filter((o) => o.id !== ticketId).slice(0, 9).map((o) => ({ id: o.id, subject: o.subject, status: o.status, createdAt: o.created_at })),
    recent: timeline.data,
    deals,
  };
}

export async function createTicket(options: { ctx: AppContext; actor: Actor; input: CreateTicketInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'tickets:write');
  const ws = actor.workspaceId;
  const id = await ctx.db.transaction().execute(async (trx) => {
    let contactId = input.contactId;
    if (contactId && !(await contacts.findContact(trx, ws, contactId))) throw AppError.invalid({ path: 'contactId', message: 'no such contact' });
    if (!contactId) {
      contactId = (await contacts.findContactIdByEmail(trx, ws, input.email!))?.id;
      if (!contactId) {
        contactId = await contacts.insertContact(trx, ws, { email: input.email!, email_normalized: input.email! });
        await insertTimelineEvents(trx, [{ workspaceId: ws, contactId, kind: 'created', actorUserId: actor.userId, data: { source: 'helpdesk', name: input.email } }]);
      }
    }
    const inbox = input.inboxId ? await inboxes.findInbox(trx, ws, input.inboxId) : null;
    if (input.inboxId && !inbox) throw AppError.invalid({ path: 'inboxId', message: 'no such inbox' });
    const ticketId = await openTicket(trx, { actor, inbox: inbox ?? null, subject: input.subject, contactId, channel: input.channel, priority: input.priority });
    await repo.insertMessage(trx, { workspaceId: ws, ticketId, messageKind: 'inbound', authorId: actor.userId, fromAddress: input.email ?? null, toAddress: null, subject: input.subject, bodyText: input.body, bodyHtml: null, messageId: null, inReplyTo: null, attachments: [] });
    return ticketId;
  });
  return getTicket({ ctx, actor, id });
}

export async function updateTicket(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateTicketInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'tickets:write');
  const ws = actor.workspaceId;
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.lockTicket(trx, ws, id))) throw AppError.notFound('Ticket');
    const t = (await repo.findTicket(trx, ws, id))!;
    await checkAssignee(trx, actor, input.assigneeId);
    await applyTicketChange(ctx, trx, actor, t, input);
    await insertAudit(trx, actor, { entity: 'ticket', entityId: id, action: 'update', before: { status: t.status, priority: t.priority, assigneeId: t.assignee_id, subject: t.subject, tags: t.tags }, after: input });
  });
  return getTicket({ ctx, actor, id });
}

/** Moves the conversation of one ticket into another; the merged one is closed and points at its survivor. */
export async function mergeTickets(options: { ctx: AppContext; actor: Actor; id: number; intoTicketId: number }) {
  const { ctx, actor, id, intoTicketId } = options;
  requirePermission(actor, 'tickets:write');
  if (id === intoTicketId) throw AppError.invalid({ path: 'intoTicketId', message: 'a ticket cannot be merged into itself' });
  const ws = actor.workspaceId;
  await ctx.db.transaction().execute(async (trx) => {
    // Lock in id order so two opposite merges cannot deadlock.
    for (const tid of [id, intoTicketId].sort((a, b) => a - b)) if (!(await repo.lockTicket(trx, ws, tid))) throw AppError.notFound('Ticket');
    const [from, into] = [(await repo.findTicket(trx, ws, id))!, (await repo.findTicket(trx, ws, intoTicketId))!];
    if (from.merged_into_id || into.merged_into_id) throw AppError.invalid({ path: 'intoTicketId', message: 'one of the tickets is already merged' });
    await repo.moveMessages(trx, ws, id, intoTicketId);
    await repo.updateTicket(trx, ws, id, { merged_into_id: intoTicketId, status: 'closed', ...(from.solved_at ? {} : { solved_at: new Date() }) });
    await repo.redirectMerged(trx, ws, id, intoTicketId);
    await insertTimelineEvents(trx, [{ workspaceId: ws, contactId: from.contact_id, kind: 'ticket_merged', actorUserId: actor.userId, data: { ticketId: id, intoTicketId } }]);
    await insertAudit(trx, actor, { entity: 'ticket', entityId: id, action: 'update', after: { mergedIntoId: intoTicketId } });
  });
  return getTicket({ ctx, actor, id: intoTicketId });
}
