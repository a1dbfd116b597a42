import { z } from 'zod';
import { filterSchema, tagsSchema } from '../contacts/contacts.schema.js';
import { consentDeclaration } from '../lists/lists.schema.js';

const id = z.number().int().positive();

/** Rows picked one by one or a page at a time; a larger choice is "everything matching". */
export const MAX_PICKED = 1000;
/** The most one operation may touch; beyond it the user narrows the filter (or runs several). */
export const MAX_SELECTION = 200_000;

/** The contacts list's own query, so "everything matching" is exactly what the list shows. */
export const contactQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(100).optional(),
  ownerId: id.optional(),
  companyId: id.optional(),
  filters: z.array(filterSchema).max(20).default([]),
  segmentId: id.optional(),
});
export type ContactQuery = z.infer<typeof contactQuerySchema>;

export const selectionSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('ids'), ids: z.array(id).min(1, 'select at least one contact').max(MAX_PICKED, `at most ${MAX_PICKED} picked rows; select everything matching instead`) }),
  z.object({ mode: z.literal('query'), query: contactQuerySchema }),
]);
export type Selection = z.infer<typeof selectionSchema>;

const someTags = tagsSchema.refine((t) => t.length > 0, 'give at least one tag').refine((t) => t.length <= 20, 'at most 20 tags at once');

export const bulkActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tag'), tags: someTags }),
  z.object({ type: z.literal('untag'), tags: someTags }),
  z.object({ type: z.literal('assignOwner'), ownerId: id.nullable().describe('null leaves the contacts without an owner') }),
  z.object({ type: z.literal('addToList'), listId: id, consent: consentDeclaration.optional().describe('Required to subscribe people to a marketing list') }),
  z.object({ type: z.literal('removeFromList'), listId: id }),
  z.object({ type: z.literal('addToSegment'), segmentId: id.describe('A static segment') }),
  z.object({ type: z.literal('export') }),
  z.object({ type: z.literal('delete') }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;
export type BulkActionType = BulkAction['type'];

export const startBulkBody = z.object({ selection: selectionSchema, action: bulkActionSchema });
export type StartBulkInput = z.infer<typeof startBulkBody>;

export const segmentToListBody = z.object({
  segmentId: id,
  listId: id.optional().describe('An existing list; or give name to create one'),
  name: z.string().trim().min(1).max(200).optional().describe('Creates a marketing list of this name'),
  consent: consentDeclaration.optional(),
}).refine((b) => (b.listId === undefined) !== (b.name === undefined), { message: 'give either listId or name', path: ['listId'] });
export type SegmentToListInput = z.infer<typeof segmentToListBody>;
