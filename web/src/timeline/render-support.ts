// Renderers for the email-delivery and help-desk kinds (bounces, complaints, tickets, chat transcripts, CSAT).
import { formatDateTime, humanize } from '../lib/format';
import { dataOf, joined, nameOf, str, text, type Renderer, type TimelineEventLike } from './event-text';

const CLASS_LABEL: Record<string, string> = { hard: 'hard bounce', soft: 'soft bounce', policy: 'blocked by policy', unknown: 'bounce' };
const ticket = (e: TimelineEventLike, id = dataOf(e).ticketId) => `the ticket “${nameOf(e, 'ticket', id, id === dataOf(e).ticketId ? dataOf(e).subject : null, 'untitled')}”`;
// The chat as a few lines "who: what"; the full conversation is on the ticket.
const transcriptLines = (lines: unknown) => (Array.isArray(lines) ? lines.slice(-6).map((l) => `${str(l?.from) === 'visitor' ? 'Visitor' : str(l?.from)}: ${str(l?.text).slice(0, 200)}`).join('\n') : '');
const SLA_TARGET: Record<string, string> = { firstResponse: 'first response', nextResponse: 'next response', resolution: 'resolution' };
const when = (v: unknown) => formatDateTime(str(v));
const status = (v: unknown) => humanize(str(v) || 'unknown').toLowerCase();

export const DELIVERY_RENDERERS: Record<string, Renderer> = {
  email_bounced: (e) => {
    const d = dataOf(e);
    return text(`Email bounced: ${CLASS_LABEL[str(d.class)] ?? 'bounce'}${d.reason ? ` (${str(d.reason)})` : ''}${d.suppressed ? ', address suppressed' : ''}`, joined([str(d.status), str(d.diagnostic)], ' — ') || null);
  },
  email_complained: (e) => text('Reported an email as spam; address suppressed', dataOf(e).feedbackType ? `feedback type: ${str(dataOf(e).feedbackType)}` : null),
};

export const TICKET_RENDERERS: Record<string, Renderer> = {
  ticket_created: (e) => text(`Opened ${ticket(e)}`, dataOf(e).channel ? `by ${str(dataOf(e).channel)}` : null),
  ticket_message_received: (e) => text(`Wrote on ${ticket(e)}`, str(dataOf(e).excerpt) || null),
  ticket_replied: (e) => text(`Support replied on ${ticket(e)}`, str(dataOf(e).excerpt) || null),
  ticket_status_changed: (e) => text(`Status of ${ticket(e)}: ${status(dataOf(e).from)} → ${status(dataOf(e).to)}`),
  ticket_merged: (e) => text(`Merged ${ticket(e)} into ${ticket(e, dataOf(e).intoTicketId)}`),
  chat_transcript: (e) => text(`Chatted on ${ticket(e)} (${str(dataOf(e).messageCount) || 'some'} messages)`, transcriptLines(dataOf(e).lines) || str(dataOf(e).excerpt) || null),
  ticket_sla_warning: (e) => text(`SLA at risk on ${ticket(e)}: ${SLA_TARGET[str(dataOf(e).target)] ?? 'a target'} due soon`, dataOf(e).dueAt ? `due ${when(dataOf(e).dueAt)}` : null),
  ticket_sla_breached: (e) => text(`SLA breached on ${ticket(e)}: ${SLA_TARGET[str(dataOf(e).target)] ?? 'a target'} overdue`, dataOf(e).dueAt ? `was due ${when(dataOf(e).dueAt)}` : null),
  csat_received: (e) => text(`Rated support ${str(dataOf(e).score)} of 5 on ${ticket(e)}`, str(dataOf(e).comment) || null),
};
