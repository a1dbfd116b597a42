import { z } from 'zod';

/** An origin as browsers send it: scheme, host and port, nothing else. */
const origin = z.string().trim().max(200).refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === v.replace(/\/+$/, '');
  } catch {
    return false;
  }
}, 'must be an origin such as https://shop.example (scheme, host, optional port)').transform((v) => new URL(v).origin);

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1c7ed6');

export const widgetBody = z.object({
  inboxId: z.number().int().positive().describe('The inbox whose agents answer the chats'),
  allowedOrigins: z.array(origin).max(50).default([]).describe('Sites that may embed the widget; no other page may open a chat'),
  greeting: z.string().trim().max(500).default('Hi! How can we help?'),
  colors: z.object({ primary: colour.optional(), text: colour.optional() }).strict().default({}),
  position: z.enum(['right', 'left']).default('right').describe('The corner of the page the chat button sits in'),
});
export type WidgetInput = z.infer<typeof widgetBody>;
export const widgetPatchBody = z.object({
  inboxId: z.number().int().positive().optional().describe('Move the widget to another inbox: new chats go there'),
  allowedOrigins: z.array(origin).max(50).optional(),
  greeting: z.string().trim().max(500).optional(),
  colors: z.object({ primary: colour.optional(), text: colour.optional() }).strict().optional(),
  position: z.enum(['right', 'left']).optional(),
});
export type WidgetPatch = z.infer<typeof widgetPatchBody>;

/** The longest chat message in characters; frames are bounded in bytes by the socket itself. */
export const MAX_CHAT_TEXT = 4000;
export const MAX_FRAME_BYTES = 16 * 1024;

const clientId = z.string().regex(/^[\w-]{1,64}$/, 'a client message id of 1–64 letters, digits, - or _');
const text = z.string().trim().min(1, 'must not be empty').max(MAX_CHAT_TEXT, `at most ${MAX_CHAT_TEXT} characters`)
  .refine((v) => !v.includes('\u0000'), 'must not contain NUL bytes');
const email = z.string().trim().toLowerCase().email().max(320);
// A name may reach a mail header (the offline ticket's subject): CR/LF are folded away.
const name = z.string().trim().max(100).transform((v) => v.replace(/[\r\n]+/g, ' ')).optional();

export const visitorFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), token: z.string().max(300).optional(), since: z.number().int().min(0).default(0) }),
  z.object({ t: z.literal('msg'), cid: clientId, text }),
  z.object({ t: z.literal('typing') }),
  z.object({ t: z.literal('identify'), email, name }),
  z.object({ t: z.literal('offline'), email, name, text }),
]);
export type VisitorFrame = z.infer<typeof visitorFrame>;

const ticketId = z.number().int().positive();
export const agentFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('reply'), ticketId, cid: clientId, text }),
  z.object({ t: z.literal('typing'), ticketId }),
  z.object({ t: z.literal('end'), ticketId }),
]);
export type AgentFrame = z.infer<typeof agentFrame>;

export const widgetKeyQuery = z.object({ key: z.string().regex(/^wk_[\w-]{10,64}$/, 'a widget key (wk_…)') });
