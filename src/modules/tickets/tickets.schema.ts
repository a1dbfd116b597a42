import { z } from 'zod';
import { pageQuery } from '../../http/types.js';

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_VIEWS = ['all_open', 'mine', 'unassigned', 'breaching_soon', 'all'] as const;

// Header-bound text: CR/LF would let a subject add headers to the reply, so they are folded away.
const headerText = (max: number) => z.string().trim().max(max).transform((v) => v.replace(/[\r\n]+/g, ' '));

export const createTicketBody = z.object({
  subject: headerText(300).pipe(z.string().min(1, 'must not be empty')),
  body: z.string().trim().min(1, 'must not be empty').max(100_000),
  contactId: z.number().int().positive().optional(),
  email: z.string().trim().toLowerCase().email().max(320).optional(),
  inboxId: z.number().int().positive().optional(),
  priority: z.enum(TICKET_PRIORITIES).default('normal'),
  channel: z.enum(['email', 'web', 'api', 'phone']).default('api'),
}).refine((v) => v.contactId || v.email, { message: 'name the customer: contactId or email', path: ['email'] });
export type CreateTicketInput = z.infer<typeof createTicketBody>;

export const updateTicketBody = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  assigneeId: z.number().int().positive().nullable().optional(),
  subject: headerText(300).pipe(z.string().min(1)).optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
}).strict();
export type UpdateTicketInput = z.infer<typeof updateTicketBody>;

export const messageBody = z.object({
  kind: z.enum(['reply', 'note']),
  body: z.string().trim().min(1, 'must not be empty').max(100_000),
  /** After a public reply the ticket waits on the customer unless another status is chosen. */
  status: z.enum(TICKET_STATUSES).optional(),
});

export const listTicketsQuery = z.object({
  view: z.enum(TICKET_VIEWS).default('all_open'),
  q: z.string().trim().max(200).optional().describe('Full-text search in subjects and messages'),
  contactId: z.coerce.number().int().positive().optional(),
  ...pageQuery,
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

export const mergeBody = z.object({ intoTicketId: z.number().int().positive() });
