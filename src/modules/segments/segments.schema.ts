import { z } from 'zod';
import { pageQuery } from '../../http/types.js';
import { segmentNode, TREE_VERSION } from './segment-tree.schema.js';

const name = z.string().trim().min(1, 'must not be empty').max(200);
const description = z.string().trim().max(2000).nullable().optional().transform((v) => (v === '' ? null : v));
const version = z.literal(TREE_VERSION).describe('Version of the condition language; 1 today');

export const createSegmentBody = z.object({
  name,
  description,
  kind: z.enum(['dynamic', 'static']).default('dynamic').describe('dynamic: re-evaluated when used; static: members frozen now'),
  version: version.default(TREE_VERSION),
  tree: segmentNode,
});
export type CreateSegmentInput = z.infer<typeof createSegmentBody>;

export const updateSegmentBody = z.object({ name: name.optional(), description, version: version.optional(), tree: segmentNode.optional() });
export type UpdateSegmentInput = z.infer<typeof updateSegmentBody>;

export const previewSegmentBody = z.object({
  version: version.default(TREE_VERSION),
  tree: segmentNode,
  limit: z.number().int().min(1).max(100).default(20).describe('How many of the first matching contacts to return'),
});
export type PreviewSegmentInput = z.infer<typeof previewSegmentBody>;

export const snapshotSegmentBody = z.object({ name: name.optional(), description });
export type SnapshotSegmentInput = z.infer<typeof snapshotSegmentBody>;

export const segmentPageQuery = z.object(pageQuery);
