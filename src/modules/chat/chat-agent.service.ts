import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { statusChange } from '../tickets/ticket-status.js';
import * as tickets from '../tickets/tickets.repo.js';
import * as repo from './chat.repo.js';

/** The agent side of a chat: live chats, live replies, and ending a chat (its transcript goes on the timeline). */

async function lockChat(trx: Executor, actor: Actor, ticketId: number) {
  if (!(await tickets.lockTicket(trx, actor.workspaceId, ticketId))) throw AppError.notFound('Ticket');
  const t = (await tickets.findTicket(trx, actor.workspaceId, ticketId))!;
  if (t.channel !== 'chat') throw AppError.invalid({ path: 'ticketId', message: 'not a chat; answer it from the ticket' });
  if (t.merged_into_id) throw AppError.invalid({ path: 'ticketId', message: `this chat was merged into #${t.merged_into_id}` });
  return t;
}

/** Open chats of the workspace, each with whether its visitor has the widget open now, and the agent's own presence. */
export async function listLiveChats(options: { ctx: AppContext; actor: Actor; visitorsOnline: (workspaceId: number, sessionIds: number[]) => Promise<Set<number>> }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'tickets:read');
  const rows = await repo.listLiveChats(ctx.db, actor.workspaceId);
  const online = await options.visitorsOnline(actor.workspaceId, rows.flatMap((r) => (r.session_id ? [r.session_id] : [])));
  return {
    me: { status: actor.userId ? await repo.agentStatus(ctx.db, actor.workspaceId, actor.userId) : 'away' },
    data: rows.map((r) => ({
      ticketId: r.id, subject: r.subject, status: r.status, assigneeId: r.assignee_id, inboxId: r.inbox_id, createdAt: r.created_at, updatedAt: r.updated_at,
      visitor: { name: r.contact_name || null, email: r.contact_email ?? r.session_email ?? null, online: r.session_id ? online.has(r.session_id) : false, sessionId: r.session_id },
      lastText: r.last_text ? r.last_text.slice(0, 200) : null,
    })),
  };
}

/**
 * An agent's live reply: stored once per client id and pushed to the visitor by the caller. It
 * meets the first-response target like a mailed reply; the chat stays open (the visitor is there).
 */
export async function replyToChat(options: { ctx: AppContext; actor: Actor; ticketId: number; clientId: string; text: string }) {
  const { ctx, actor, ticketId, text } = options;
  requirePermission(actor, 'tickets:write');
  const ws = actor.workspaceId;
  return ctx.db.transaction().execute(async (trx) => {
    const t = await lockChat(trx, actor, ticketId);
    const m = await repo.insertChatMessage(trx, { workspaceId: ws, ticketId, messageKind: 'reply', authorId: actor.userId, fromAddress: null, text, clientId: options.clientId });
    if (m.created) {
      const to = t.status === 'closed' || t.status === 'solved' || t.status === 'new' ? 'open' : t.status;
      const patch = to !== t.status ? await statusChange(trx, ws, t, to) : {};
      await tickets.updateTicket(trx, ws, ticketId, { ...patch, status: to, next_response_due_at: null, ...(t.first_responded_at ? {} : { first_responded_at: new Date() }) });
    }
    const session = await repo.findSessionOfTicket(trx, ws, ticketId);
    const authorName = actor.userId ? await repo.userName(trx, actor.userId) : null;
    return { ...m, sessionId: session?.id ?? null, authorName: authorName ?? 'Support' };
  });
}

/** The agent ends the chat: it is solved, and its transcript lands on the contact's timeline once. */
export async function endChat(options: { ctx: AppContext; actor: Actor; ticketId: number }) {
  const { ctx, actor, ticketId } = options;
  requirePermission(actor, 'tickets:write');
  const ws = actor.workspaceId;
  return ctx.db.transaction().execute(async (trx) => {
    const t = await lockChat(trx, actor, ticketId);
    if (t.status !== 'solved' && t.status !== 'closed') {
      await tickets.updateTicket(trx, ws, ticketId, { ...(await statusChange(trx, ws, t, 'solved')), status: 'solved' });
      await insertTimelineEvents(trx, [{ workspaceId: ws, contactId: t.contact_id, kind: 'ticket_status_changed', actorUserId: actor.userId, data: { ticketId, from: t.status, to: 'solved' } }]);
    }
    const session = await repo.findSessionOfTicket(trx, ws, ticketId);
    if (session && !session.transcript_at && t.contact_id) {
      await insertTimelineEvents(trx, [{ workspaceId: ws, contactId: t.contact_id, kind: 'chat_transcript', actorUserId: actor.userId, data: await transcriptOf(trx, ws, ticketId) }]);
      await repo.updateSession(trx, session.id, { transcript_at: new Date() });
    }
    await insertAudit(trx, actor, { entity: 'ticket', entityId: ticketId, action: 'update', after: { status: 'solved', chatEnded: true } });
    return { sessionId: session?.id ?? null };
  });
}

const TRANSCRIPT_LINES = 100;

/** The conversation as the timeline keeps it: the last lines, each bounded, and how many there were. */
async function transcriptOf(trx: Executor, ws: number, ticketId: number) {
  const count = await repo.countChatMessages(trx, ticketId);
  const rows = await repo.lastChatMessages(trx, ws, ticketId, TRANSCRIPT_LINES);
  const lines = rows.reverse().map((m) => ({ from: m.kind === 'inbound' ? 'visitor' : (m.author_name ?? 'Support'), text: m.body_text.slice(0, 1000), at: m.created_at }));
  return { ticketId, messageCount: count, excerpt: lines.find((l) => l.from === 'visitor')?.text.slice(0, 300) ?? '', lines };
}

/** The visitor session of a chat, for pushing an agent's typing indicator to it. */
export async function chatSessionOf(options: { ctx: AppContext; actor: Actor; ticketId: number }): Promise<number | null> {
  requirePermission(options.actor, 'tickets:write');
  return (await repo.findSessionOfTicket(options.ctx.db, options.actor.workspaceId, options.ticketId))?.id ?? null;
}
