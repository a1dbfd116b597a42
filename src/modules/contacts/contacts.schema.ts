import { z } from 'zod';
import { isValidIsoDate } from '../../lib/dates.js';
import { pageQuery } from '../../http/types.js';

const nullableText = (max: number) => z.string().trim().max(max).nullable().transform((v) => (v === '' ? null : v));
export const tagSchema = z.string().trim().min(1, 'must not be empty').max(100).transform((t) => t.toLowerCase());
export const tagsSchema = z.array(tagSchema).max(100).transform((tags) => [...new Set(tags)]);
export const customValuesSchema = z.record(z.string(), z.unknown()).describe('Custom field values by key; validated against the workspace definitions');
export const isoDateSchema = z.string().refine(isValidIsoDate, 'must be a date as YYYY-MM-DD');

/** Today in the last time zone to reach it (UTC+14), so nobody's today is refused as future. */
const latestToday = () => new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
/** A birthday: a real date, not in the future (the API and imports alike). */
export const birthdaySchema = isoDateSchema.refine((d) => d <= latestToday(), 'must not be in the future');

export const contactFields = {
  firstName: z.string().trim().max(200).optional(),
  lastName: z.string().trim().max(200).optional(),
  email: z.string().trim().max(320).pipe(z.email({ message: 'must be a valid email address' })).nullable().optional().or(z.literal('').transform(() => null)),
  phone: nullableText(50).refine((v) => v == null || /\d/.test(v), 'must contain digits').optional(),
  jobTitle: nullableText(200).optional(),
  birthday: birthdaySchema.nullable().optional(),
  companyId: z.number().int().positive().nullable().optional(),
  ownerId: z.number().int().positive().nullable().optional(),
  tags: tagsSchema.optional(),
  custom: customValuesSchema.optional(),
};

export const createContactBody = z
  .object(contactFields)
  .refine((c) => Boolean(c.firstName || c.lastName || c.email || c.phone), { message: 'give at least a name, an email or a phone', path: ['firstName'] });
export type CreateContactInput = z.infer<typeof createContactBody>;

export const updateContactBody = z.object(contactFields);
export type UpdateContactInput = z.infer<typeof updateContactBody>;

export const filterOps = ['eq', 'neq', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'] as const;
export const filterSchema = z.object({
  field: z.string().min(1).max(100),
  op: z.enum(filterOps),
  value: z.union([z.string().max(1000), z.number(), z.boolean()]).optional(),
});
export type ContactFilter = z.infer<typeof filterSchema>;

const filtersParam = z
  .string()
  .max(10_000)
  .optional()
  .transform((raw, ctx) => {
    if (!raw) return [];
    try {
      const parsed = z.array(filterSchema).max(20).safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {field, op, value}' });
    }
    return z.NEVER;
  })
  .describe('JSON array of {field, op, value}; field is a contact field (firstName, email, birthday, …) or custom.<key>');

export const contactSorts = ['name', 'email', 'createdAt', 'updatedAt'] as const;
export type ContactSort = (typeof contactSorts)[number];

export const listContactsQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe('Full-text search over name, email, phone, company and notes'),
  sort: z.enum(contactSorts).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  tag: z.string().trim().max(100).optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  companyId: z.coerce.number().int().positive().optional(),
  filters: filtersParam,
  segmentId: z.coerce.number().int().positive().optional().describe('Only contacts in this segment (a saved view)'),
});
export type ListContactsQuery = z.infer<typeof listContactsQuery>;

export const addTagsBody = z.object({ tags: tagsSchema.refine((t) => t.length > 0, 'give at least one tag') });
/** Fields whose value a merge may take from either record (custom fields as `custom.<key>`). */
export const mergeFields = ['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'birthday', 'companyId', 'ownerId'] as const;
export type MergeField = (typeof mergeFields)[number];
const mergeFieldKey = z.string().max(70).refine((k) => (mergeFields as readonly string[]).includes(k) || /^custom\.[a-z][a-z0-9_]{0,62}$/.test(k), 'is not a field a merge can pick');
export const mergeBody = z.object({
  duplicateId: z.number().int().positive().describe('The contact merged into this one and then removed'),
  pick: z.record(mergeFieldKey, z.enum(['survivor', 'duplicate'])).optional()
    .describe("Whose value each field keeps; a field not named keeps the survivor's value, or the duplicate's when the survivor has none"),
});
export type MergePick = NonNullable<z.infer<typeof mergeBody>['pick']>;
export const duplicatesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('At most this many candidate pairs, best first'),
});
