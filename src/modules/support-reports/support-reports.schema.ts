import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a date');

export const supportReportQuery = z.object({
  from: day.optional().describe('First day (UTC), inclusive; default 30 days ago'),
  to: day.optional().describe('Last day (UTC), inclusive; default today'),
  groupBy: z.enum(['agent', 'none']).default('none').describe('agent: every figure per assignee as well'),
  format: z.enum(['json', 'csv']).default('json'),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type SupportReportQuery = z.infer<typeof supportReportQuery>;
