import { z } from 'zod';

export const cannedReplyBody = z.object({
  name: z.string().trim().min(1).max(100),
  body: z.string().trim().min(1).max(20_000).describe('Liquid: {{ contact.first_name }}, {{ ticket.id }}, {{ agent.name }}; use `default:` for a fallback'),
  shared: z.boolean().default(false).describe('Shared with every agent (needs tickets:manage); otherwise only yours'),
});
export const cannedReplyPatch = z.object({ name: cannedReplyBody.shape.name, body: cannedReplyBody.shape.body, shared: z.boolean() }).partial().strict();
export type CannedReplyInput = z.infer<typeof cannedReplyBody>;
export type CannedReplyPatch = z.infer<typeof cannedReplyPatch>;

export const renderBody = z.object({ ticketId: z.number().int().positive().max(2 ** 53 - 1) });
