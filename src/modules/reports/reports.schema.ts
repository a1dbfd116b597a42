import { z } from 'zod';
import { isoDateSchema } from '../contacts/contacts.schema.js';

const filters = {
  pipelineId: z.coerce.number().int().positive().optional(),
  ownerId: z.coerce.number().int().positive().optional().describe('Only deals owned by (or, for workload, the work of) this user'),
  from: isoDateSchema.optional().describe('First day of the period (UTC), YYYY-MM-DD'),
  to: isoDateSchema.optional().describe('Last day of the period (UTC), inclusive'),
  format: z.enum(['json', 'csv']).default('json').describe('csv downloads the report as a spreadsheet'),
};
const ordered = <T extends { from?: string; to?: string }>(q: T, ctx: z.RefinementCtx) => {
  if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
};

export const forecastQuery = z
  .object({ ...filters, commitThreshold: z.coerce.number().int().min(0).max(100).default(80).describe('Worst case counts open deals in stages of at least this probability') })
  .superRefine(ordered);
export type ForecastQuery = z.infer<typeof forecastQuery>;

export const funnelQuery = z.object({ ...filters, pipelineId: z.coerce.number().int().positive().describe('Stages are per pipeline, so the funnel needs one') }).superRefine(ordered);
export type FunnelQuery = z.infer<typeof funnelQuery>;

export const salesPerformanceQuery = z.object({ ...filters, groupBy: z.enum(['owner', 'pipeline']).default('owner') }).superRefine(ordered);
export type SalesPerformanceQuery = z.infer<typeof salesPerformanceQuery>;

export const workloadQuery = z.object(filters).superRefine(ordered);
export type WorkloadQuery = z.infer<typeof workloadQuery>;

export const profitabilityQuery = z.object({ ...filters, limit: z.coerce.number().int().min(1).max(5000).default(500).describe('Most recent won deals listed; totals cover all') }).superRefine(ordered);
export type ProfitabilityQuery = z.infer<typeof profitabilityQuery>;

/** What every report query resolves to once defaults and the caller's deal scope are applied. */
export interface ReportFilter {
  workspaceId: number;
  from: string;
  to: string;
  pipelineId?: number;
  ownerId?: number;
  /** Sales users limited to their own deals: every report is cut to this owner (null: nothing). */
  scopeOwnerId?: number | null;
}
