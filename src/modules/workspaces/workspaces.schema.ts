import { z } from 'zod';

/** Settings a workspace owner edits; unknown keys are refused so typos don't silently do nothing. */
export const workspaceSettingsSchema = z
  .object({
    salesSeeAllDeals: z.boolean().optional().describe('When true, users with the sales role see and edit every deal, not only those they own'),
  })
  .strict();

export const updateWorkspaceBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  settings: workspaceSettingsSchema.optional(),
});
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceBody>;
