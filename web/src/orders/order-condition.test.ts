import { describe, expect, it } from 'vitest';
import { segmentNode } from '../../../src/modules/segments/segment-tree.schema';
import { fromApi, incompleteReason, isComplete, newCondition, toApi, type CondDraft } from '../segments/tree';
import type { SegmentNode } from '../segments/api';

describe('order conditions in the segment builder', () => {
  it('round-trips the three order node types through the editable tree, in a shape the server accepts', () => {
    const tree: SegmentNode = { type: 'and', children: [
      { type: 'orders', metric: 'spend', op: 'gte', value: 200, currency: 'EUR', withinDays: 365 },
      { type: 'lastOrder', op: 'notInLast', days: 180 },
      { type: 'not', child: { type: 'bought', category: 'tea' } },
    ] };
    const draft = fromApi(tree);
    expect(draft.children.map((c) => (c.group ? 'group' : c.type))).toEqual(['order', 'order', 'group']);
    expect(isComplete(draft)).toBe(true);
    const { tree: back } = toApi(draft);
    // A negated condition comes back as a negated group of it, as for every other condition.
    expect(back).toEqual({ ...tree, children: [...(tree as { children: SegmentNode[] }).children.slice(0, 2), { type: 'not', child: { type: 'and', children: [{ type: 'bought', category: 'tea' }] } }] });
    expect(segmentNode.safeParse(back).success).toBe(true);
  });

  it('says what is missing, and leaves empty optional parts out of the request', () => {
    const c = newCondition('order') as CondDraft;
    expect(incompleteReason(c)).toBeNull();
    expect(incompleteReason({ ...c, order: { type: 'orders', metric: 'spend', op: 'gte', value: 10 } })).toBe('Choose the currency of the spend');
    expect(incompleteReason({ ...c, order: { type: 'bought', category: '' } })).toBe('Enter a SKU or a category');
    expect(incompleteReason({ ...c, order: { type: 'lastOrder', op: 'before', value: '' } })).toBe('Choose a date');
    const { tree } = toApi({ key: 'g', group: true, op: 'and', not: false, children: [{ ...c, order: { type: 'bought', sku: 'MUG-1', category: '' } }] });
    expect(tree).toEqual({ type: 'and', children: [{ type: 'bought', sku: 'MUG-1' }] });
  });
});
