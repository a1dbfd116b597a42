import { z } from 'zod';

const name = z.string().trim().min(1, 'must not be empty').max(100);
const probability = z.number().int().min(0).max(100).describe('Win probability of a deal in this stage, 0–100 (used by the weighted forecast)');

export const createPipelineBody = z.object({
  name,
  stages: z.array(z.object({ name, probability })).min(1, 'give at least one stage').max(50).describe('In board order, left to right'),
});
export type CreatePipelineInput = z.infer<typeof createPipelineBody>;

export const updatePipelineBody = z.object({
  name: name.optional(),
  stages: z
    .array(z.object({ id: z.number().int().positive().optional().describe('An existing stage; leave out to add one'), name, probability }))
    .min(1, 'give at least one stage')
    .max(50)
    .optional()
    .describe('The complete stage list in its new order: stages with an id are kept (renamed, re-weighted, moved), without one are added, and stages left out are removed (refused while deals are in them)'),
});
export type UpdatePipelineInput = z.infer<typeof updatePipelineBody>;

export const lostReasonBody = z.object({ label: z.string().trim().min(1, 'must not be empty').max(200) });
