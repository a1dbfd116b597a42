import { z } from 'zod';
import { pageQuery } from '../../http/types.js';

export const suppressionReasons = ['unsubscribed', 'hard_bounce', 'complaint', 'manual', 'imported', 'erased'] as const;
/** Reasons a person can set by hand or in a file; `erased` is only ever written by erasure. */
export const settableReasons = ['unsubscribed', 'hard_bounce', 'complaint', 'manual', 'imported'] as const;

export const suppressionsQuery = z.object({ ...pageQuery, q: z.string().trim().max(200).optional().describe('Part of the address') });
export const addSuppressionBody = z.object({
  email: z.email('must be a valid email address').max(254),
  reason: z.enum(settableReasons).default('manual'),
  note: z.string().trim().max(1000).optional(),
});
export type AddSuppressionInput = z.infer<typeof addSuppressionBody>;
/** At most this many rows per imported file (a suppression list is addresses, not a data dump). */
export const MAX_IMPORT_ROWS = 100_000;
