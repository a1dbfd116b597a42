import { z } from 'zod';
import { currencySchema } from '../deals/deals.schema.js';

/** Settings a workspace owner edits; unknown keys are refused so typos don't silently do nothing. */
export const workspaceSettingsSchema = z
  .object({
    salesSeeAllDeals: z.boolean().optional().describe('When true, users with the sales role see and edit every deal, not only those they own'),
    defaultCurrency: currencySchema.optional().describe('ISO 4217 code new deals take when none is given (EUR unless set)'),
  })
  .strict();

export const updateWorkspaceBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  settings: workspaceSettingsSchema.optional(),
});
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceBody>;

export const createWorkspaceBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  ownerId: z.number().int().positive().optional().describe('The user who will own it (default: the caller); must be an active member of the current workspace'),
});
export const switchWorkspaceBody = z.object({ workspaceId: z.number().int().positive() });
