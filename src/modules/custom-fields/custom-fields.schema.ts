import { z } from 'zod';

export const customFieldTypes = ['text', 'number', 'date', 'boolean', 'select', 'multiselect'] as const;
export const customFieldEntities = ['contact', 'company', 'deal'] as const;
export type CustomFieldEntity = (typeof customFieldEntities)[number];

export const createCustomFieldBody = z
  .object({
    entity: z.enum(customFieldEntities),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'must start with a letter and use only a-z, 0-9 and _ (max 50)'),
    label: z.string().trim().min(1).max(100),
    type: z.enum(customFieldTypes),
    options: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
    required: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    const needsOptions = v.type === 'select' || v.type === 'multiselect';
    if (needsOptions && v.options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs at least one option' });
    if (!needsOptions && v.options.length > 0) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${v.type} field takes no options` });
    if (new Set(v.options).size !== v.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must be unique' });
  });
export type CreateCustomFieldInput = z.infer<typeof createCustomFieldBody>;

export const updateCustomFieldBody = z.object({
  label: z.string().trim().min(1).max(100).optional(),
  options: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
  required: z.boolean().optional(),
});
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldBody>;

export const customFieldsQuery = z.object({ entity: z.enum(customFieldEntities).optional() });
