import { z } from 'zod';
import { MESSAGE_CHANNELS } from '../channels/channels.schema.js';

export const messageChannelParam = z.object({ channel: z.enum(MESSAGE_CHANNELS).describe('The gateway’s network') });

/** What a gateway posts: one message from one sender, in the gateway's own ids. */
export const inboundMessageBody = z.object({
  messageId: z.string().trim().min(1).max(200).describe('The network’s message id: a message sent twice is filed once'),
  from: z.object({
    externalId: z.string().trim().min(1).max(200).describe('The sender on that network: a phone number, a chat or page-scoped id'),
    name: z.string().trim().max(200).optional(),
    email: z.string().trim().max(320).pipe(z.email()).optional(),
    phone: z.string().trim().max(50).optional(),
  }),
  text: z.string().trim().min(1, 'must not be empty').max(10_000),
  sentAt: z.iso.datetime({ offset: true }).optional().describe('When it was sent; default: when it arrives'),
});
export type InboundMessageInput = z.infer<typeof inboundMessageBody>;
