import { z } from 'zod';

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'type something to search for').max(200),
  limit: z.coerce.number().int().min(1).max(10).default(5).describe('Results per kind of record'),
});
export type SearchQuery = z.infer<typeof searchQuery>;
