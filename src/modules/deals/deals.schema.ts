import { z } from 'zod';
import { pageQuery } from '../../http/types.js';
import { customValuesSchema, isoDateSchema, listContactsQuery, tagsSchema } from '../contacts/contacts.schema.js';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const id = z.number().int().positive();

export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => CURRENCIES.has(c), 'must be an ISO 4217 currency code such as EUR or USD')
  .describe('ISO 4217 code');

/** Money: never negative, at most two decimals, fits numeric(14,2). */
export const moneySchema = z
  .number()
  .min(0, 'must not be negative')
  .max(999_999_999_999.99)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'must have at most two decimals');

const dealFields = {
  title: z.string().trim().min(1, 'must not be empty').max(300),
  value: moneySchema.default(0),
  currency: currencySchema,
  expectedCloseDate: isoDateSchema.nullable().optional(),
  pipelineId: id,
  stageId: id.optional().describe('Defaults to the first stage of the pipeline'),
  ownerId: id.nullable().optional().describe('The responsible person; defaults to the creating user'),
  companyId: id.nullable().optional(),
  contactIds: z.array(id).max(100).optional().transform((ids) => (ids ? [...new Set(ids)] : ids)),
  tags: tagsSchema.optional(),
  custom: customValuesSchema.optional(),
};

export const createDealBody = z.object({ ...dealFields, currency: currencySchema.optional().describe("ISO 4217 code; defaults to the workspace's default currency") });
export type CreateDealInput = z.infer<typeof createDealBody>;

export const updateDealBody = z.object({
  title: dealFields.title.optional(),
  value: moneySchema.optional(),
  currency: currencySchema.optional(),
  expectedCloseDate: dealFields.expectedCloseDate,
  ownerId: dealFields.ownerId,
  companyId: dealFields.companyId,
  contactIds: dealFields.contactIds.describe('Replaces the deal’s contacts'),
  tags: dealFields.tags,
  custom: dealFields.custom,
});
export type UpdateDealInput = z.infer<typeof updateDealBody>;

export const moveDealBody = z.object({
  stageId: id,
  pipelineId: id.optional().describe('Give it to move the deal to another pipeline; the stage must belong to it'),
});

export const closeDealBody = z
  .object({
    status: z.enum(['won', 'lost']),
    lostReasonId: id.nullable().optional().describe('One of GET /lost-reasons; only for lost'),
    lostNote: z.string().trim().max(2000).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'won' && (v.lostReasonId != null || v.lostNote != null)) ctx.addIssue({ code: 'custom', path: ['lostReasonId'], message: 'only a lost deal has a lost reason' });
  });
export type CloseDealInput = z.infer<typeof closeDealBody>;

export const dealSorts = ['createdAt', 'updatedAt', 'title', 'value', 'expectedCloseDate'] as const;
export type DealSort = (typeof dealSorts)[number];
export const dealStatuses = ['open', 'won', 'lost'] as const;

export const listDealsQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe('Full-text search over the title'),
  sort: z.enum(dealSorts).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  pipelineId: z.coerce.number().int().positive().optional(),
  stageId: z.coerce.number().int().positive().optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  companyId: z.coerce.number().int().positive().optional(),
  contactId: z.coerce.number().int().positive().optional(),
  status: z.enum(dealStatuses).optional(),
  tag: z.string().trim().max(100).optional(),
  filters: listContactsQuery.shape.filters.describe('JSON array of {field, op, value}; field is title, currency, expectedCloseDate, createdAt, updatedAt, closedAt or custom.<key>'),
});
export type ListDealsQuery = z.infer<typeof listDealsQuery>;

export const boardQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20).describe('Deals per column'),
  ownerId: z.coerce.number().int().positive().optional(),
  stageId: z.coerce.number().int().positive().optional().describe('Load more of one column: with `cursor`, only that column is returned'),
  cursor: z.string().max(2000).optional().describe('`nextCursor` of the column named by stageId'),
});
export type BoardQuery = z.infer<typeof boardQuery>;

export const costBody = z.object({
  label: z.string().trim().min(1, 'must not be empty').max(300),
  amount: moneySchema,
  date: isoDateSchema,
});
export type CostInput = z.infer<typeof costBody>;
export const costParams = z.object({ id: z.coerce.number().int().positive(), costId: z.coerce.number().int().positive() });
