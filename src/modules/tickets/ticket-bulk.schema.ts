import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_VIEWS } from './tickets.schema.js';

/** The most tickets one bulk action may touch. */
export const BULK_MAX = 5000;
const tags = z.array(z.string().trim().min(1).max(50)).min(1).max(30);

export const bulkAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assign'), assigneeId: z.number().int().positive().nullable().describe('null unassigns') }),
  z.object({ type: z.literal('status'), status: z.enum(TICKET_STATUSES) }),
  z.object({ type: z.literal('priority'), priority: z.enum(TICKET_PRIORITIES) }),
  z.object({ type: z.literal('tag'), tags }),
  z.object({ type: z.literal('untag'), tags }),
  // Named so the refusal can say why: a merge joins two conversations and needs a person's eye on each.
  z.object({ type: z.literal('merge'), intoTicketId: z.number().int().positive() }),
]);
export type BulkTicketAction = z.infer<typeof bulkAction>;

export const bulkTicketsBody = z.object({
  ids: z.array(z.number().int().positive().max(2 ** 53 - 1)).min(1).max(BULK_MAX).optional().describe('The tickets, by id'),
  filter: z.object({
    view: z.enum(TICKET_VIEWS).default('all_open'),
    q: z.string().trim().max(200).optional(),
    contactId: z.number().int().positive().optional(),
  }).optional().describe('Or every ticket of a view (and search), up to the maximum'),
  action: bulkAction,
}).refine((b) => Boolean(b.ids) !== Boolean(b.filter), { message: 'name the tickets: ids or filter, not both', path: ['ids'] });
export type BulkTicketsInput = z.infer<typeof bulkTicketsBody>;
