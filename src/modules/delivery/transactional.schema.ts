import { z } from 'zod';

const email = z.string().trim().max(254).email('must be an email address');

export const sendTransactionalBody = z.object({
  templateId: z.coerce.number().int().positive().describe('An email template of this workspace (MJML + Liquid)'),
  to: email.describe('The recipient; a contact with this address is also available to the template as `contact`'),
  from: z.object({ email: email.describe('Must be on a sending domain of this workspace'), name: z.string().trim().max(200).optional() }),
  replyTo: email.optional(),
  // Bounded: the data is stored and rendered per message.
  data: z.record(z.string().max(100), z.unknown()).default({}).refine((d) => JSON.stringify(d).length <= 50_000, 'must be at most 50,000 characters as JSON')
    .describe('Template variables, available as top-level Liquid names next to contact and workspace'),
});
export type SendTransactionalInput = z.infer<typeof sendTransactionalBody>;

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').optional()
    .describe('A retried request with the same key returns the first one\'s message instead of sending again'),
});
