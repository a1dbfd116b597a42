import { z } from 'zod';
import { pageQuery } from '../../http/types.js';

export const STANDARD_FORM_KEYS = ['email', 'first_name', 'last_name', 'phone'] as const;

const formField = z.object({
  key: z.string().regex(/^(email|first_name|last_name|phone|custom\.[a-z][a-z0-9_]{0,62})$/, 'must be email, first_name, last_name, phone or custom.<key>'),
  label: z.string().trim().min(1, 'must not be empty').max(200),
  required: z.boolean().default(false),
});
export type FormField = z.infer<typeof formField>;

const httpUrl = z.string().trim().max(2000).refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL');

const formFields = z.array(formField).min(1).max(20).superRefine((fields, ctx) => {
  const email = fields.find((f) => f.key === 'email');
  if (!email) ctx.addIssue({ code: 'custom', message: 'a form needs an email field' });
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `field ${f.key} appears twice` });
    seen.add(f.key);
  });
}).transform((fields) => fields.map((f) => (f.key === 'email' ? { ...f, required: true } : f)));

const listIds = z.array(z.number().int().positive()).min(1, 'pick at least one list').max(20).transform((ids) => [...new Set(ids)]);
const nullableText = (max: number) => z.string().trim().max(max).nullable().optional().transform((v) => (v === '' ? null : v));

export const createFormBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  listIds,
  fields: formFields,
  consentText: z.string().trim().min(1, 'say what the visitor agrees to').max(2000),
  successMessage: nullableText(1000),
  redirectUrl: httpUrl.nullable().optional().describe('Where to send the visitor after a hosted-form submission (http/https only)'),
  enabled: z.boolean().default(true),
});
export type CreateFormInput = z.infer<typeof createFormBody>;

export const updateFormBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  listIds: listIds.optional(),
  fields: formFields.optional(),
  consentText: z.string().trim().min(1).max(2000).optional(),
  successMessage: nullableText(1000),
  redirectUrl: httpUrl.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateFormInput = z.infer<typeof updateFormBody>;

export const formPageQuery = z.object(pageQuery);
