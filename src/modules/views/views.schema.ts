import { z } from 'zod';
import { listCompaniesQuery } from '../companies/companies.schema.js';
import { filterSchema, listContactsQuery } from '../contacts/contacts.schema.js';
import { dealStatuses, listDealsQuery } from '../deals/deals.schema.js';

export const viewEntities = ['contact', 'company', 'deal'] as const;
export type ViewEntity = (typeof viewEntities)[number];

/** What a view remembers: the list's query (as the list takes it), its columns and page size. */
export const viewConfigSchema = z.object({
  columns: z.array(z.string().min(1).max(110)).min(1, 'show at least one column').max(40).describe('Column ids: built-in (name, email, …) or custom.<key>'),
  sort: z.string().max(40).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(100).optional(),
  ownerId: z.number().int().positive().optional(),
  status: z.enum(dealStatuses).optional().describe('Deal views only: open, won or lost'),
  filters: z.array(filterSchema).max(20).default([]),
  pageSize: z.union([z.literal(25), z.literal(50), z.literal(100)]).default(50),
});
export type ViewConfig = z.infer<typeof viewConfigSchema>;

export const createViewBody = z.object({
  entity: z.enum(viewEntities),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  shared: z.boolean().default(false).describe('Shared views are listed for everyone in the workspace; personal ones only for their author'),
  config: viewConfigSchema,
});
export type CreateViewInput = z.infer<typeof createViewBody>;

export const updateViewBody = z.object({ name: createViewBody.shape.name.optional(), shared: z.boolean().optional(), config: viewConfigSchema.optional() });
export type UpdateViewInput = z.infer<typeof updateViewBody>;

export const viewsQuery = z.object({ entity: z.enum(viewEntities) });

const noPaging = { limit: true, cursor: true, sort: true, order: true } as const;
export const contactCountQuery = listContactsQuery.omit(noPaging);
export const companyCountQuery = listCompaniesQuery.omit(noPaging);
export const dealCountQuery = listDealsQuery.omit(noPaging);
