import { z } from 'zod';
import { pageQuery } from '../../http/types.js';
import { importSubscribeSchema } from './import-consent.js';

export const IMPORT_MODES = ['create', 'update', 'upsert'] as const;
export type ImportModeInput = (typeof IMPORT_MODES)[number];

/** The contact fields a CSV column can be mapped to; custom fields are `custom.<key>`. */
export const CONTACT_IMPORT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'birthday', 'company', 'owner', 'tags'] as const;
export type ImportField = (typeof CONTACT_IMPORT_FIELDS)[number] | `custom.${string}`;

export const mappingSchema = z
  .record(z.string().max(500), z.string().max(200))
  .describe('CSV header → field key (firstName, lastName, email, phone, jobTitle, birthday, company, owner, tags or custom.<key>); an empty value skips the column');

/** Multipart text fields arrive as strings: "true", "1", "on" all mean yes. */
const boolText = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'on' || v === 'yes');

export const startImportBody = z.object({
  mapping: mappingSchema,
  mode: z.enum(IMPORT_MODES).default('upsert').describe('create: new contacts only; update: existing ones matched by email; upsert: both'),
  dryRun: boolText.default(false).describe('Validate and count every row without saving contacts'),
  subscribe: importSubscribeSchema.optional(),
});
export type StartImportInput = z.infer<typeof startImportBody>;

/** The optional fields of the upload form; `mapping` is JSON text there. */
export const uploadFieldsSchema = z.object({
  mapping: z
    .string()
    .max(100_000)
    .transform((raw, ctx) => {
      try {
        const parsed = mappingSchema.safeParse(JSON.parse(raw));
        if (parsed.success) return parsed.data;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of CSV header → field key' });
      return z.NEVER;
    })
    .optional(),
  mode: z.enum(IMPORT_MODES).optional(),
  dryRun: boolText.optional(),
});

export const listImportsQuery = z.object(pageQuery);
