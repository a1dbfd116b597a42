import { z } from 'zod';
import { contactFields, customValuesSchema, listContactsQuery, tagsSchema } from '../contacts/contacts.schema.js';
import { normalizeDomain } from './domain.js';

const nullableText = (max: number) => z.string().trim().max(max).nullable().transform((v) => (v === '' ? null : v));

const domainSchema = z
  .string()
  .max(2000)
  .nullable()
  .transform((raw, ctx) => {
    if (raw === null || raw.trim() === '') return null;
    const domain = normalizeDomain(raw);
    if (domain) return domain;
    ctx.addIssue({ code: 'custom', message: 'must be a domain such as example.com (a URL is fine: its host is kept)' });
    return z.NEVER;
  })
  .describe('Stored as the lower-case host: "https://Acme.com/about" becomes "acme.com"');

const companyFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  domain: domainSchema.optional(),
  // Phones, owners, tags and custom values follow the same rules as on contacts.
  phone: contactFields.phone,
  industry: nullableText(200).optional(),
  ownerId: contactFields.ownerId,
  tags: tagsSchema.optional(),
  custom: customValuesSchema.optional(),
};

export const createCompanyBody = z.object(companyFields);
export type CreateCompanyInput = z.infer<typeof createCompanyBody>;

export const updateCompanyBody = z.object({ ...companyFields, name: companyFields.name.optional() });
export type UpdateCompanyInput = z.infer<typeof updateCompanyBody>;

export const companySorts = ['name', 'createdAt', 'updatedAt'] as const;
export type CompanySort = (typeof companySorts)[number];

/** The contact list's paging, order, tag and owner options, with company search, sorts and fields. */
export const listCompaniesQuery = listContactsQuery.pick({ limit: true, cursor: true, order: true, tag: true, ownerId: true }).extend({
  q: z.string().trim().max(200).optional().describe('Full-text search over name, domain, phone, industry and notes'),
  sort: z.enum(companySorts).default('updatedAt'),
  filters: listContactsQuery.shape.filters.describe('JSON array of {field, op, value}; field is a company field (name, domain, phone, industry, createdAt, updatedAt) or custom.<key>'),
});
export type ListCompaniesQuery = z.infer<typeof listCompaniesQuery>;

/** The contacts of one company: the contact list's options, with the company fixed by the path. */
export const companyContactsQuery = listContactsQuery.omit({ companyId: true });
export type CompanyContactsQuery = z.infer<typeof companyContactsQuery>;
