import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { runPrepared } from '../../db/prepared.js';
import type { ChatColors } from '../../db/schema-chat.js';
import { OPEN_STATUSES } from '../tickets/tickets.repo.js';

/** All SQL of the live chat: widgets, visitor sessions, chat messages, live chats, online agents. */

const widgetColumns = ['w.id', 'w.workspace_id', 'w.inbox_id', 'w.public_key', 'w.allowed_origins', 'w.greeting', 'w.colors', 'w.position', 'w.created_at'] as const;
export type WidgetRow = Awaited<ReturnType<typeof findWidget>> & object;

export function listWidgets(db: Executor, workspaceId: number) {
  return db.selectFrom('chat_widgets as w').select(widgetColumns).where('w.workspace_id', '=', workspaceId).orderBy('w.id').limit(200).execute();
}

export function findWidget(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('chat_widgets as w').select(widgetColumns).where('w.workspace_id', '=', workspaceId).where('w.id', '=', id).executeTakeFirst();
}

/** The socket and the script know a widget by its public key alone (chat_widgets_key). */
export function findWidgetByKey(db: Executor, publicKey: string) {
  return db.selectFrom('chat_widgets as w').select(widgetColumns).where('w.public_key', '=', publicKey).executeTakeFirst();
}

export interface WidgetWrite { inboxId?: number; allowedOrigins?: string[]; greeting?: string; colors?: ChatColors; position?: 'right' | 'left' }

const widgetValues = (w: WidgetWrite) => ({
  ...(w.inboxId ? { inbox_id: w.inboxId } : {}), ...(w.allowedOrigins ? { allowed_origins: JSON.stringify(w.allowedOrigins) } : {}),
  ...(w.greeting !== undefined ? { greeting: w.greeting } : {}), ...(w.colors ? { colors: JSON.stringify(w.colors) } : {}), ...(w.position ? { position: w.position } : {}),
});

export async function insertWidget(db: Executor, workspaceId: number, publicKey: string, w: WidgetWrite & { inboxId: number }) {
  const { id } = await db.insertInto('chat_widgets').values({ workspace_id: workspaceId, public_key: publicKey, inbox_id: w.inboxId, ...widgetValues(w) })
    .returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateWidget(db: Executor, workspaceId: number, id: number, w: WidgetWrite): Promise<boolean> {
  const values = widgetValues(w);
  if (Object.keys(values).length === 0) return !!(await findWidget(db, workspaceId, id));
  const r = await db.updateTable('chat_widgets').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteWidget(db: Executor, workspaceId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('chat_widgets').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export function widgetOfInbox(db: Executor, workspaceId: number, inboxId: number) {
  return db.selectFrom('chat_widgets').select('id').where('workspace_id', '=', workspaceId).where('inbox_id', '=', inboxId).executeTakeFirst();
}

const sessionColumns = ['s.id', 's.workspace_id', 's.widget_id', 's.visitor_id', 's.ticket_id', 's.email', 't.status as ticket_status'] as const;
export type SessionRow = Awaited<ReturnType<typeof findLatestSession>> & object;

/** The visitor's latest chat on this widget (chat_sessions_visitor_idx), with its ticket's status. */
export function findLatestSession(db: Executor, widgetId: number, visitorId: string) {
  return db.selectFrom('chat_sessions as s').leftJoin('tickets as t', 't.id', 's.ticket_id').select(sessionColumns)
    .where('s.widget_id', '=', widgetId).where('s.visitor_id', '=', visitorId).orderBy('s.id', 'desc').limit(1).executeTakeFirst();
}

export function findSessionOfTicket(db: Executor, workspaceId: number, ticketId: number) {
  return db.selectFrom('chat_sessions as s').leftJoin('tickets as t', 't.id', 's.ticket_id').select([...sessionColumns, 's.transcript_at'])
    .where('s.workspace_id', '=', workspaceId).where('s.ticket_id', '=', ticketId).orderBy('s.id', 'desc').limit(1).executeTakeFirst();
}

export async function insertSession(db: Executor, s: { workspaceId: number; widgetId: number; visitorId: string; email: string | null }) {
  const { id } = await db.insertInto('chat_sessions').values({ workspace_id: s.workspaceId, widget_id: s.widgetId, visitor_id: s.visitorId, email: s.email })
    .returning('id').executeTakeFirstOrThrow();
  return id;
}

export function updateSession(db: Executor, id: number, set: { ticket_id?: number; email?: string; transcript_at?: Date }) {
  return db.updateTable('chat_sessions').set({ ...set, last_seen_at: new Date() }).where('id', '=', id).execute();
}

/** Prepared: every chat message locks its session. */
export async function lockSession(db: Executor, id: number) {
  const [row] = await runPrepared(db, db.selectFrom('chat_sessions').select(['id', 'ticket_id']).where('id', '=', id).forUpdate());
  return row;
}

export interface NewChatMessage {
  workspaceId: number;
  ticketId: number;
  messageKind: 'inbound' | 'reply';
  authorId: number | null;
  fromAddress: string | null;
  text: string;
  clientId: string;
}

/**
 * Stores a chat message once per client id (ticket_messages_chat_client_key): a resend after a
 * reconnect finds the first copy and answers with its id, so nothing is stored twice.
 */
export async function insertChatMessage(db: Executor, m: NewChatMessage): Promise<{ id: number; created: boolean; createdAt: Date }> {
  // A prepared statement: every chat message runs it.
  const [row] = await runPrepared(db, db.insertInto('ticket_messages').values({
    workspace_id: m.workspaceId, ticket_id: m.ticketId, kind: m.messageKind, author_id: m.authorId, from_address: m.fromAddress, body_text: m.text, chat_client_id: m.clientId,
  }).onConflict((oc) => oc.columns(['ticket_id', 'chat_client_id']).where('chat_client_id', 'is not', null).doNothing())
    .returning(['id', 'created_at']));
  if (row) return { id: row.id, created: true, createdAt: row.created_at };
  const first = await db.selectFrom('ticket_messages').select(['id', 'created_at']).where('ticket_id', '=', m.ticketId).where('chat_client_id', '=', m.clientId).executeTakeFirstOrThrow();
  return { id: first.id, created: false, createdAt: first.created_at };
}

/** What the visitor sees of a chat: their messages and the agents' replies, never notes. By id after `afterId`. */
export function visitorMessages(db: Executor, workspaceId: number, ticketId: number, afterId: number, limit = 200) {
  return db.selectFrom('ticket_messages as m').leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.kind', 'm.body_text', 'm.chat_client_id', 'm.created_at', 'u.name as author_name'])
    .where('m.workspace_id', '=', workspaceId).where('m.ticket_id', '=', ticketId).where('m.kind', 'in', ['inbound', 'reply'])
    .where('m.id', '>', afterId).orderBy('m.id').limit(limit).execute();
}

/** Open chats of a workspace, newest first, with the visitor behind each (tickets_open_idx, then the session by ticket). */
export function listLiveChats(db: Executor, workspaceId: number, limit = 100) {
  return db.selectFrom('tickets as t')
    .leftJoin('contacts as c', 'c.id', 't.contact_id')
    .leftJoin('chat_sessions as s', (j) => j.onRef('s.ticket_id', '=', 't.id').onRef('s.workspace_id', '=', 't.workspace_id'))
    .select(['t.id', 't.subject', 't.status', 't.assignee_id', 't.inbox_id', 't.created_at', 't.updated_at', 'c.full_name as contact_name', 'c.email as contact_email', 's.id as session_id', 's.email as session_email',
      (eb) => eb.selectFrom('ticket_messages as m').select('m.body_text').whereRef('m.ticket_id', '=', 't.id').where('m.kind', 'in', ['inbound', 'reply']).orderBy('m.id', 'desc').limit(1).as('last_text')])
    .where('t.workspace_id', '=', workspaceId).where('t.channel', '=', 'chat').where('t.status', 'in', OPEN_STATUSES).where('t.merged_into_id', 'is', null)
    .orderBy('t.id', 'desc').limit(limit).execute();
}

/**
 * Agents of an inbox who set themselves online (the inbox's agents, or every active member when it
 * names none); the caller keeps those with a live agent connection.
 */
export async function onlineAgentIds(db: Executor, workspaceId: number, agentIds: number[]): Promise<number[]> {
  let q = db.selectFrom('agent_profiles as a')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'a.user_id').onRef('m.workspace_id', '=', 'a.workspace_id'))
    .select('a.user_id').where('a.workspace_id', '=', workspaceId).where('a.status', '=', 'online').where('m.disabled', '=', false);
  if (agentIds.length > 0) q = q.where('a.user_id', 'in', agentIds.slice(0, 500));
  return (await q.execute()).map((r) => r.user_id);
}

export function setTicketContact(db: Executor, workspaceId: number, ticketId: number, contactId: number) {
  return db.updateTable('tickets').set({ contact_id: contactId, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', ticketId)
    .where('contact_id', 'is', null).execute();
}

/** Count of the chat's messages, for the transcript's summary line. */
export async function countChatMessages(db: Executor, ticketId: number): Promise<number> {
  const row = await db.selectFrom('ticket_messages').select(sql<number>`count(*)::int`.as('n')).where('ticket_id', '=', ticketId).where('kind', 'in', ['inbound', 'reply']).executeTakeFirst();
  return row?.n ?? 0;
}

/** The chat's last messages, newest first; the transcript shows them oldest first. */
export function lastChatMessages(db: Executor, workspaceId: number, ticketId: number, limit: number) {
  return db.selectFrom('ticket_messages as m').leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.kind', 'm.body_text', 'm.created_at', 'u.name as author_name'])
    .where('m.workspace_id', '=', workspaceId).where('m.ticket_id', '=', ticketId).where('m.kind', 'in', ['inbound', 'reply'])
    .orderBy('m.id', 'desc').limit(limit).execute();
}

export async function userName(db: Executor, userId: number): Promise<string | null> {
  return (await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst())?.name ?? null;
}

export async function agentStatus(db: Executor, workspaceId: number, userId: number): Promise<'online' | 'away'> {
  const row = await db.selectFrom('agent_profiles').select('status').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return row?.status ?? 'away';
}
