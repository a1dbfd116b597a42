import { z } from 'zod';
import { pageQuery } from '../../http/types.js';

export const overviewQuery = z.object({ ...pageQuery, limit: z.coerce.number().int().min(1).max(50).default(20).describe('Campaigns per page (1–50)') });
export const deliverabilityQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30).describe('Look back this many days (1–365)') });
export const bouncesQuery = z.object({
  ...pageQuery,
  class: z.enum(['hard', 'soft', 'policy', 'complaint', 'unknown']).optional().describe('Only bounces of this class'),
  campaignId: z.coerce.number().int().positive().max(2 ** 53 - 1).optional().describe('Only bounces of this campaign'),
});
