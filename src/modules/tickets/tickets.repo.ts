import { sql, type SqlBool } from 'kysely';
import { textArray, type Executor } from '../../db/executor.js';
import { runPrepared } from '../../db/prepared.js';
import type { StoredAttachment, TicketMessageKind, TicketPriority, TicketStatus, TicketChannel } from '../../db/schema-helpdesk.js';

export const OPEN_STATUSES: TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];

const ticketColumns = [
  't.id', 't.inbox_id', 't.subject', 't.status', 't.priority', 't.channel', 't.assignee_id', 'u.name as assignee_name',
  't.contact_id', 'c.full_name as contact_name', 'c.email as contact_email', 't.company_id', 't.tags', 't.merged_into_id',
  't.sla_policy_id', 't.first_response_due_at', 't.next_response_due_at', 't.resolution_due_at', 't.first_responded_at',
  't.solved_at', 't.paused_since', 't.sla_pauses', 't.csat_score', 't.csat_comment', 't.created_at', 't.updated_at',
] as const;

function ticketSelect(db: Executor, workspaceId: number) {
  return db
    .selectFrom('tickets as t')
    .leftJoin('users as u', 'u.id', 't.assignee_id')
    .leftJoin('contacts as c', 'c.id', 't.contact_id')
    .select(ticketColumns)
    .where('t.workspace_id', '=', workspaceId);
}
export type TicketRow = Awaited<ReturnType<typeof findTicket>> & object;

export function findTicket(db: Executor, workspaceId: number, id: number) {
  return ticketSelect(db, workspaceId).where('t.id', '=', id).executeTakeFirst();
}

/** The contact's open ticket of an inbox on a channel, newest first: where a chat message continues. */
export async function findOpenTicketOf(db: Executor, o: { workspaceId: number; inboxId: number; contactId: number; channel: TicketChannel }): Promise<number | undefined> {
  const row = await db.selectFrom('tickets').select('id')
    .where('workspace_id', '=', o.workspaceId).where('inbox_id', '=', o.inboxId).where('contact_id', '=', o.contactId)
    .where('channel', '=', o.channel).where('merged_into_id', 'is', null).where('status', 'in', OPEN_STATUSES)
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id;
}

/** Prepared: every chat message locks its ticket. */
export async function lockTicket(db: Executor, workspaceId: number, id: number) {
  const [row] = await runPrepared(db, db.selectFrom('tickets').select(['id', 'status']).where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate());
  return row;
}

export interface TicketListFilter {
  workspaceId: number;
  view: 'all_open' | 'mine' | 'unassigned' | 'breaching_soon' | 'all';
  userId: number | null;
  q?: string;
  contactId?: number;
  beforeId?: number;
  limit: number;
}

/**
 * One page of a view, newest first, by keyset on id (tickets_ws_idx; the open views use the
 * partial tickets_open_idx). Search matches the subject or any message (both GIN-indexed).
 */
export function listTickets(db: Executor, f: TicketListFilter) {
  let q = filteredTickets(db, f);
  if (f.beforeId) q = q.where('t.id', '<', f.beforeId);
  return q.orderBy('t.id', 'desc').limit(f.limit + 1).execute();
}

/** The ids a view (and search) selects, oldest first, at most `limit`: a bulk action's selection. */
export async function selectTicketIds(db: Executor, f: Omit<TicketListFilter, 'limit' | 'beforeId'>, limit: number): Promise<number[]> {
  const rows = await filteredTickets(db, f).clearSelect().select('t.id').orderBy('t.id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Of `ids`, the workspace's live (unmerged) tickets. */
export async function existingTicketIds(db: Executor, workspaceId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('tickets').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).where('merged_into_id', 'is', null).orderBy('id').execute();
  return rows.map((r) => r.id);
}

function filteredTickets(db: Executor, f: Omit<TicketListFilter, 'limit' | 'beforeId'>) {
  let q = ticketSelect(db, f.workspaceId).where('t.merged_into_id', 'is', null);
  if (f.view !== 'all') q = q.where('t.status', 'in', OPEN_STATUSES);
  if (f.view === 'mine') q = q.where('t.assignee_id', '=', f.userId ?? -1);
  if (f.view === 'unassigned') q = q.where('t.assignee_id', 'is', null);
  if (f.view === 'breaching_soon') {
    q = q.where(sql<SqlBool>`least(case when t.first_responded_at is null then t.first_response_due_at end, t.next_response_due_at, t.resolution_due_at) < now() + interval '2 hours'`)
      .where('t.paused_since', 'is', null);
  }
  if (f.contactId) q = q.where('t.contact_id', '=', f.contactId);
  if (f.q) {
    const query = sql`plainto_tsquery('simple', ${f.q})`;
    q = q.where(({ or, exists, selectFrom }) => or([
      sql<SqlBool>`t.search @@ ${query}`,
      exists(selectFrom('ticket_messages as m').select(sql`1`.as('x')).whereRef('m.ticket_id', '=', 't.id').where(sql<SqlBool>`m.search @@ ${query}`)),
    ]));
  }
  return q;
}

export interface NewTicket {
  workspaceId: number;
  inboxId: number | null;
  subject: string;
  priority: TicketPriority;
  channel: TicketChannel;
  contactId: number | null;
  companyId: number | null;
  assigneeId: number | null;
  /** The SLA policy and the due times it sets, in the same insert. */
  sla: TicketSla | null;
}

export interface TicketSla {
  sla_policy_id: number;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
}

/** Every column is always given, so the text never varies: a prepared statement (each mail and chat opens one). */
export async function insertTicket(db: Executor, t: NewTicket): Promise<number> {
  const [row] = await runPrepared(db, db.insertInto('tickets').values({
    workspace_id: t.workspaceId, inbox_id: t.inboxId, subject: t.subject, priority: t.priority, channel: t.channel,
    contact_id: t.contactId, company_id: t.companyId, assignee_id: t.assigneeId,
    sla_policy_id: t.sla?.sla_policy_id ?? null, first_response_due_at: t.sla?.first_response_due_at ?? null, resolution_due_at: t.sla?.resolution_due_at ?? null,
  }).returning('id'));
  return row!.id;
}

export type TicketPatch = Partial<{
  status: TicketStatus; priority: TicketPriority; assignee_id: number | null; subject: string; tags: string[];
  first_response_due_at: Date | null; next_response_due_at: Date | null; resolution_due_at: Date | null; first_responded_at: Date;
  solved_at: Date | null; paused_since: Date | null; sla_pauses: string; sla_policy_id: number | null; merged_into_id: number;
  sla_warned: string; csat_score: number; csat_comment: string | null; csat_at: Date;
}>;

export async function updateTicket(db: Executor, workspaceId: number, id: number, patch: TicketPatch): Promise<void> {
  const { tags, ...rest } = patch;
  await db.updateTable('tickets').set({ ...rest, ...(tags ? { tags: textArray(tags) } : {}), updated_at: new Date() })
    .where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export interface NewMessage {
  workspaceId: number;
  ticketId: number;
  messageKind: TicketMessageKind;
  authorId: number | null;
  fromAddress: string | null;
  toAddress: string | null;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  attachments: StoredAttachment[];
  sendStatus?: 'queued' | 'sent' | 'failed' | null;
}

/** A prepared statement, as insertTicket. */
export async function insertMessage(db: Executor, m: NewMessage): Promise<number> {
  const [row] = await runPrepared(db, db.insertInto('ticket_messages').values({
    workspace_id: m.workspaceId, ticket_id: m.ticketId, kind: m.messageKind, author_id: m.authorId, from_address: m.fromAddress,
    to_address: m.toAddress, subject: m.subject, body_text: m.bodyText, body_html: m.bodyHtml, message_id: m.messageId,
    in_reply_to: m.inReplyTo, attachments: JSON.stringify(m.attachments), send_status: m.sendStatus ?? null,
  }).returning('id'));
  return row!.id;
}

export function setMessageSendStatus(db: Executor, id: number, status: 'sent' | 'failed') {
  return db.updateTable('ticket_messages').set({ send_status: status }).where('id', '=', id).execute();
}

export function listMessages(db: Executor, workspaceId: number, ticketId: number) {
  return db.selectFrom('ticket_messages as m').leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.kind', 'm.author_id', 'u.name as author_name', 'm.from_address', 'm.to_address', 'm.subject', 'm.body_text', 'm.body_html',
      'm.message_id', 'm.in_reply_to', 'm.attachments', 'm.send_status', 'm.created_at'])
    .where('m.workspace_id', '=', workspaceId).where('m.ticket_id', '=', ticketId).orderBy('m.id').limit(1000).execute();
}

/** The thread's Message-IDs, oldest first: a reply's References. */
export async function threadMessageIds(db: Executor, workspaceId: number, ticketId: number): Promise<string[]> {
  const rows = await db.selectFrom('ticket_messages').select('message_id').where('workspace_id', '=', workspaceId)
    .where('ticket_id', '=', ticketId).where('message_id', 'is not', null).where('kind', '<>', 'note').orderBy('id').limit(50).execute();
  return rows.map((r) => r.message_id!);
}

/** The live ticket a reply belongs to, by any Message-ID it names (a merged ticket leads to its survivor). */
export async function findTicketByMessageIds(db: Executor, workspaceId: number, messageIds: string[]): Promise<number | undefined> {
  if (messageIds.length === 0) return undefined;
  const row = await db.selectFrom('ticket_messages as m').innerJoin('tickets as t', 't.id', 'm.ticket_id')
    .select(sql<number>`coalesce(t.merged_into_id, t.id)`.as('id'))
    .where('m.workspace_id', '=', workspaceId).where('m.message_id', 'in', messageIds.slice(0, 100)).orderBy('m.id', 'desc').executeTakeFirst();
  return row?.id;
}

export function moveMessages(db: Executor, workspaceId: number, fromTicketId: number, toTicketId: number) {
  return db.updateTable('ticket_messages').set({ ticket_id: toTicketId }).where('workspace_id', '=', workspaceId).where('ticket_id', '=', fromTicketId).execute();
}

/** The customer's latest message with an id: what a reply answers (In-Reply-To). */
export async function lastInboundMessageId(db: Executor, ticketId: number): Promise<string | null> {
  const row = await db.selectFrom('ticket_messages').select('message_id').where('ticket_id', '=', ticketId).where('kind', '=', 'inbound')
    .where('message_id', 'is not', null).orderBy('id', 'desc').executeTakeFirst();
  return row?.message_id ?? null;
}

/** A reply as the send job needs it, with its author's name for the From display name. */
export function findReplyToSend(db: Executor, messageId: number) {
  return db.selectFrom('ticket_messages as m').leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.workspace_id', 'm.send_status', 'm.from_address', 'm.to_address', 'm.subject', 'm.body_text', 'm.message_id', 'm.in_reply_to', 'm.attachments', 'm.ticket_id', 'u.name as author_name'])
    .where('m.id', '=', messageId).executeTakeFirst();
}

/** Tickets merged into `fromId` now point at its survivor, so no chain of merges forms. */
export function redirectMerged(db: Executor, workspaceId: number, fromId: number, toId: number) {
  return db.updateTable('tickets').set({ merged_into_id: toId }).where('workspace_id', '=', workspaceId).where('merged_into_id', '=', fromId).execute();
}
