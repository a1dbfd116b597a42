import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../auth/api';
import { ApiError, http } from '../lib/http';
import { useKeysetPages } from '../lib/pages';
import type { TimelineEventLike } from '../timeline/event-text';

// Not yet in the web app's Permission union (auth/api.ts); the server sends them in /auth/me.
export const TICKETS_READ = 'tickets:read' as Permission;
export const TICKETS_WRITE = 'tickets:write' as Permission;
export const TICKETS_MANAGE = 'tickets:manage' as Permission;

// Shapes of src/modules/tickets (tickets.schema.ts, tickets.service.ts).
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_VIEWS = ['all_open', 'mine', 'unassigned', 'breaching_soon', 'all'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketView = (typeof TICKET_VIEWS)[number];

export interface SlaTarget {
  dueAt: string;
  state: 'running' | 'paused' | 'met' | 'breached';
}
export interface Ticket {
  id: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: string;
  inboxId: number | null;
  assignee: { id: number; name: string } | null;
  contact: { id: number; name: string; email: string | null } | null;
  companyId: number | null;
  tags: string[];
  mergedIntoId: number | null;
  sla: { firstResponse: SlaTarget | null; nextResponse: SlaTarget | null; resolution: SlaTarget | null };
  csat: { score: number; comment: string | null } | null;
  createdAt: string;
  updatedAt: string;
}
export interface TicketMessage {
  id: number;
  kind: 'inbound' | 'reply' | 'note' | string;
  author: { id: number; name: string } | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  attachments: { filename: string; size: number; contentType?: string }[] | null;
  sendStatus: string | null;
  createdAt: string;
}
export interface CustomerView {
  contact: { id: number; name: string; email: string | null; phone: string | null; company: string | null; tags: string[] } | null;
  otherTickets: { id: number; subject: string; status: TicketStatus; createdAt: string }[];
  recent: TimelineEventLike[];
  deals: { id: number; title: string; value: number | null; currency: string; status: string; stage?: { name: string } }[] | null;
}
export interface TicketDetail extends Ticket {
  messages: TicketMessage[];
  customer: CustomerView | null;
}
export interface CannedReply {
  id: number;
  name: string;
  body: string;
  shared: boolean;
}

export const STATUS_LABEL: Record<TicketStatus, string> = { new: 'New', open: 'Open', pending: 'Pending', on_hold: 'On hold', solved: 'Solved', closed: 'Closed' };
export const STATUS_COLOR: Record<TicketStatus, string> = { new: 'blue', open: 'red', pending: 'yellow', on_hold: 'gray', solved: 'green', closed: 'dark' };
export const PRIORITY_LABEL: Record<TicketPriority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };
export const PRIORITY_COLOR: Record<TicketPriority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
export const VIEW_LABEL: Record<TicketView, string> = { all_open: 'All open', mine: 'Mine', unassigned: 'Unassigned', breaching_soon: 'Breaching soon', all: 'All' };

export function useTickets(view: TicketView, q: string) {
  return useKeysetPages<Ticket>(['tickets', view, q], '/tickets', { view, q, limit: 50 });
}

export function useTicket(id: number) {
  return useQuery({ queryKey: ['ticket', id], queryFn: () => http<TicketDetail>(`/tickets/${id}`) });
}

function useTicketMutation<V>(id: number, run: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['ticket', id] });
      await qc.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

export type TicketChange = Partial<{ status: TicketStatus; priority: TicketPriority; assigneeId: number | null; subject: string; tags: string[] }>;
export const useUpdateTicket = (id: number) =>
  useTicketMutation(id, (change: TicketChange) => http<Ticket>(`/tickets/${id}`, { method: 'PATCH', body: change }));

export const useAddMessage = (id: number) =>
  useTicketMutation(id, (m: { kind: 'reply' | 'note'; body: string; status?: TicketStatus }) =>
    http<TicketMessage>(`/tickets/${id}/messages`, { method: 'POST', body: m }));

export const useMergeTicket = (id: number) =>
  useTicketMutation(id, (intoTicketId: number) => http<unknown>(`/tickets/${id}/merge`, { method: 'POST', body: { intoTicketId } }));

export function useSetPresence() {
  return useMutation({ mutationFn: (status: 'online' | 'away') => http<unknown>('/agents/me', { method: 'PUT', body: { status } }) });
}

/** Canned replies, when the server has them (older servers answer 404: the picker stays hidden). */
export function useCannedReplies(enabled: boolean) {
  return useQuery({
    queryKey: ['canned-replies'],
    queryFn: async () => {
      try {
        return (await http<{ items: CannedReply[] }>('/canned-replies')).items;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return [];
        throw e;
      }
    },
    enabled,
    staleTime: 60_000,
  });
}

export const renderCannedReply = (replyId: number, ticketId: number) =>
  http<{ body: string }>(`/canned-replies/${replyId}/render`, { method: 'POST', body: { ticketId } });
