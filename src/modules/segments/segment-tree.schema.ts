import { z } from 'zod';
import { boughtNode, lastOrderNode, ordersNode, type OrderNode } from './segment-orders.js';

/**
 * The segment condition language, version 1: a JSON tree the UI builds and the API stores. It
 * is never SQL; segment-compiler.ts turns a checked tree into one Kysely query. zod checks the
 * shape here; whether a field exists, an operator fits its type and a value fits the field is
 * checked by the compiler, which knows the workspace (errors name the node's path).
 */
export const TREE_VERSION = 1;

export const fieldOps = [
  'eq', 'neq', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty',
  'lt', 'lte', 'gt', 'gte', 'between',
  'before', 'after', 'inLast', 'inNext', 'anniversaryInNext',
  'anyOf', 'allOf', 'noneOf',
] as const;
export type FieldOp = (typeof fieldOps)[number];
export const propertyOps = ['eq', 'neq', 'contains', 'gt', 'lt'] as const;
export type PropertyOp = (typeof propertyOps)[number];

const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** One field of the contact (firstName, birthday, custom.<key>) or of its company (name, custom.<key>). */
const fieldCondition = {
  field: z.string().min(1).max(100),
  op: z.enum(fieldOps),
  value: scalar.optional().describe('eq/neq/contains/startsWith/lt…gte/before/after'),
  values: z.array(z.string().max(1000)).min(1).max(100).optional().describe('anyOf/allOf/noneOf'),
  from: z.union([z.string().max(100), z.number()]).optional().describe('between: lower bound, inclusive'),
  to: z.union([z.string().max(100), z.number()]).optional().describe('between: upper bound, inclusive'),
  days: z.number().int().min(0).max(3650).optional().describe('inLast/inNext/anniversaryInNext'),
};
export const fieldNode = z.object({ type: z.literal('field'), ...fieldCondition });
export const companyNode = z.object({ type: z.literal('company'), ...fieldCondition });
export const tagsNode = z.object({ type: z.literal('tags'), op: z.enum(['hasAny', 'hasAll', 'hasNone']), tags: z.array(z.string().trim().min(1).max(100)).min(1).max(100) });
export const ownerNode = z.object({ type: z.literal('owner'), op: z.enum(['is', 'isNot', 'isEmpty', 'isNotEmpty']), userId: z.number().int().positive().optional() });
export const propertyMatch = z.object({ property: z.string().min(1).max(100), op: z.enum(propertyOps), value: scalar });
export const eventNode = z.object({
  type: z.literal('event'),
  kind: z.string().min(1).max(100).describe('Any timeline kind: email_opened, form_submitted, purchase, …'),
  negate: z.boolean().optional().describe('true: did NOT do it (at least minCount times)'),
  minCount: z.number().int().min(1).max(1000).optional().describe('At least this many times (default 1)'),
  withinDays: z.number().int().min(1).max(3650).optional().describe('Only events in the last N days; absent: ever'),
  where: z.array(propertyMatch).max(10).optional().describe('Conditions on the event data, all of which must hold'),
});
export const segmentRefNode = z.object({ type: z.literal('segment'), segmentId: z.number().int().positive() });
// List membership and consent read the lists module's tables (migration 0005).
export const listNode = z.object({
  type: z.literal('list'),
  op: z.enum(['member', 'notMember']),
  listId: z.number().int().positive(),
  status: z.enum(['subscribed', 'unsubscribed', 'pending']).optional().describe('The membership status tested (default subscribed)'),
});
export const consentNode = z.object({
  type: z.literal('consent'),
  channel: z.literal('email'),
  listId: z.number().int().positive().optional().describe('Consent for this list; absent: channel-wide consent (recorded without a list)'),
  status: z.enum(['granted', 'withdrawn', 'pending']).describe('The current consent status; "no consent recorded" is NOT granted'),
});

// Website and API behaviour, read from web_events (migration 0020) through the visitors of a contact.
export const visitedNode = z.object({
  type: z.literal('visited'),
  urlPattern: z.string().trim().min(1).max(500).describe('A path (`/pricing*`) or a full URL (`https://shop.example/*`) with * wildcards; case-insensitive'),
  minCount: z.number().int().min(1).max(1000).optional().describe('At least this many page views (default 1)'),
  withinDays: z.number().int().min(1).max(3650).describe('In the last N days (raw page views are kept for the retention period only)'),
  negate: z.boolean().optional().describe('true: did NOT visit (at least minCount times)'),
});
export const trackedNode = z.object({
  type: z.literal('tracked'),
  name: z.string().trim().min(1).max(100).describe('The event name as sent to the events API or rapport.track'),
  minCount: z.number().int().min(1).max(1000).optional(),
  withinDays: z.number().int().min(1).max(3650).optional().describe('Only events in the last N days; absent: ever'),
  where: z.array(propertyMatch).max(10).optional().describe('Conditions on the event properties, all of which must hold'),
  negate: z.boolean().optional(),
});

export type FieldNode = z.infer<typeof fieldNode>;
export type VisitedNode = z.infer<typeof visitedNode>;
export type TrackedNode = z.infer<typeof trackedNode>;
export type CompanyNode = z.infer<typeof companyNode>;
export type TagsNode = z.infer<typeof tagsNode>;
export type OwnerNode = z.infer<typeof ownerNode>;
export type EventNode = z.infer<typeof eventNode>;
export type PropertyMatch = z.infer<typeof propertyMatch>;
export type SegmentRefNode = z.infer<typeof segmentRefNode>;
export type ListNode = z.infer<typeof listNode>;
export type ConsentNode = z.infer<typeof consentNode>;
export type GroupNode = { type: 'and' | 'or'; children: SegmentNode[] };
export type NotNode = { type: 'not'; child: SegmentNode };
export type SegmentNode =
  | GroupNode | NotNode | FieldNode | CompanyNode | TagsNode | OwnerNode | EventNode | SegmentRefNode
  | ListNode | ConsentNode | VisitedNode | TrackedNode | OrderNode;

export const MAX_CHILDREN = 50;

/** The recursive node: an empty `and` matches every contact, an empty `or` none. */
export const segmentNode: z.ZodType<SegmentNode> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.enum(['and', 'or']), children: z.array(segmentNode).max(MAX_CHILDREN) }),
    z.object({ type: z.literal('not'), child: segmentNode }),
    fieldNode, companyNode, tagsNode, ownerNode, eventNode, segmentRefNode, listNode, consentNode, visitedNode, trackedNode,
    ordersNode, lastOrderNode, boughtNode,
  ]),
);
// A named schema: the recursive tree becomes one component of the OpenAPI document, which its
// own children refer to (without an id the references point at a schema that is never written).
z.globalRegistry.add(segmentNode, { id: 'SegmentNode' });

/** Walks every node with its path (`tree.children[2].child`), for checks and index planning. */
export function walkTree(node: SegmentNode, visit: (node: SegmentNode, path: string) => void, path = 'tree'): void {
  visit(node, path);
  if (node.type === 'and' || node.type === 'or') node.children.forEach((c, i) => walkTree(c, visit, `${path}.children[${i}]`));
  if (node.type === 'not') walkTree(node.child, visit, `${path}.child`);
}

/** Segment ids a tree names directly (not through those segments). */
export function referencedSegmentIds(tree: SegmentNode): number[] {
  const ids: number[] = [];
  walkTree(tree, (n) => {
    if (n.type === 'segment') ids.push(n.segmentId);
  });
  return ids;
}
