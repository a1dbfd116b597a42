import { z } from 'zod';

export const ECRM_CHANNELS = ['shopify', 'woocommerce', 'whatsapp', 'telegram', 'facebook'] as const;
export const MESSAGE_CHANNELS = ['whatsapp', 'telegram', 'facebook'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const channelParam = z.object({ channel: z.enum(ECRM_CHANNELS).describe('A shop or a message gateway') });
export const saveChannelBody = z.object({
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional()
    .describe("The webhook signing secret (Shopify's app secret, the one typed into WooCommerce or the gateway). Absent on first save: one is generated and returned once"),
  inboxId: z.number().int().positive().nullable().optional().describe('Message channels only: the help-desk inbox whose tickets their messages join'),
});
export type SaveChannelInput = z.infer<typeof saveChannelBody>;

/** Which workspace a shop or gateway posts for: part of the webhook URL it is given. */
export const hookQuery = z.object({ workspace: z.coerce.number().int().positive().describe('The workspace id, from the URL the settings API gives') });
