import { z } from 'zod';
import { pageQuery } from '../../http/types.js';
import { importSubscribeSchema } from './import-consent.js';
import { DATE_FORMATS } from './import-dates.js';
import { CONTACT_IMPORT_FIELDS, IMPORT_KINDS } from './import-kinds.js';
import { ORDER_IMPORT_FIELDS } from '../orders/order-import.js';

export const IMPORT_MODES = ['create', 'update', 'upsert'] as const;
export type ImportModeInput = (typeof IMPORT_MODES)[number];

export { CONTACT_IMPORT_FIELDS };
export type ImportField = (typeof CONTACT_IMPORT_FIELDS)[number] | `custom.${string}`;
export const importKindSchema = z.enum(IMPORT_KINDS).describe('What the rows become: contacts (the default), companies, deals or orders (one row per order line, an order\'s rows adjacent)');
export const repeatChoiceSchema = z.enum(['first', 'last', 'skip']).describe('For a value of the key (email for contacts, domain or name for companies) on several rows of the file: import the first row, the last row, or none of them');
export const dateFormatSchema = z.enum(DATE_FORMATS).describe('How the file writes dates such as 12-05-1990: DMY (12 May), MDY (5 December) or YMD; asked for only when the file leaves it open');

export const mappingSchema = z
  .record(z.string().max(500), z.string().max(200))
  .describe(`CSV header → field key (contacts: firstName, lastName, email, phone, jobTitle, birthday, company, owner, tags; companies: name, domain, phone, industry, owner, tags; deals: title, pipeline, stage, amount, currency, closeDate, company, contact, owner, tags; contacts, companies and deals: custom.<key>; orders: ${ORDER_IMPORT_FIELDS.join(', ')}); an empty value skips the column`);

/** Multipart text fields arrive as strings: "true", "1", "on" all mean yes. */
const boolText = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'on' || v === 'yes');

export const startImportBody = z.object({
  mapping: mappingSchema,
  mode: z.enum(IMPORT_MODES).default('upsert').describe('create: new records only; update: existing ones matched by email (companies: domain, else name); upsert: both. Deals are only created; orders only upserted (by order id, as through the API).'),
  dryRun: boolText.default(false).describe('Validate and count every row without saving anything'),
  subscribe: importSubscribeSchema.optional(),
  onRepeat: repeatChoiceSchema.optional().describe('Required when the file repeats a key (see POST /imports/{id}/check); first, last or skip'),
  dateFormat: dateFormatSchema.optional().describe('Required when the file\'s dates could be day-first or month-first (see POST /imports/{id}/check)'),
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
  kind: importKindSchema.optional(),
  onRepeat: repeatChoiceSchema.optional(),
  dateFormat: dateFormatSchema.optional(),
});

export const checkImportBody = z.object({ mapping: mappingSchema, mode: z.enum(IMPORT_MODES).optional().describe('The mode the import will run with; its required columns are checked') });

export const listImportsQuery = z.object(pageQuery);
