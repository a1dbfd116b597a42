import { z } from 'zod';

/** `https://shop.example` (scheme, host and port only), or `*` for any site. */
export const originSchema = z.string().trim().max(300).transform((v, zctx) => {
  if (v === '*') return v;
  try {
    const u = new URL(v);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin !== 'null' && (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash) return u.origin;
  } catch { /* reported below */ }
  zctx.addIssue({ code: 'custom', message: 'must be an origin such as https://shop.example (no path), or *' });
  return z.NEVER;
});

export const createTrackingKeyBody = z.object({
  name: z.string().trim().min(1).max(200),
  allowedOrigins: z.array(originSchema).min(1).max(50).describe('Sites whose pages may send events with this key'),
  honorPrivacySignals: z.boolean().default(true).describe('Record nothing from browsers sending Global Privacy Control or Do Not Track'),
  requireConsent: z.boolean().default(false).describe('The snippet stores nothing and sends nothing until the site calls rapport.consent(true)'),
});
export type CreateTrackingKeyInput = z.infer<typeof createTrackingKeyBody>;
export const updateTrackingKeyBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  allowedOrigins: z.array(originSchema).min(1).max(50).optional(),
  honorPrivacySignals: z.boolean().optional(),
  requireConsent: z.boolean().optional(),
});
export type UpdateTrackingKeyInput = z.infer<typeof updateTrackingKeyBody>;

export const trackingKeyOut = z.object({
  id: z.number(),
  name: z.string(),
  writeKey: z.string().describe('Public: it can only send events, from the allowed origins'),
  allowedOrigins: z.array(z.string()),
  honorPrivacySignals: z.boolean(),
  requireConsent: z.boolean(),
  snippet: z.string().describe('The script tag to paste into the pages of the site'),
  createdAt: z.date(),
});
