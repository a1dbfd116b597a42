import { describe, expect, it } from 'vitest';
import { segmentNode } from '../../../src/modules/segments/segment-tree.schema';
import { ApiError } from '../lib/http';
import type { SegmentNode } from './api';
import { errorsByNode, fromApi, incompleteReason, isComplete, newCondition, toApi, type CondDraft } from './tree';

describe('website and tracked-event conditions in the segment builder', () => {
  it('round-trips "visited" and "tracked" through the editable tree, in a shape the server accepts', () => {
    const tree: SegmentNode = { type: 'and', children: [
      { type: 'visited', urlPattern: '/pricing*', minCount: 3, withinDays: 30, negate: false },
      { type: 'tracked', name: 'Added to Cart', negate: true, minCount: 1, withinDays: 90, where: [{ property: 'value', op: 'gt', value: 400 }, { property: 'sku', op: 'eq', value: '7' }] },
    ] };
    const draft = fromApi(tree);
    expect(draft.children.map((c) => (c.group ? 'group' : c.type))).toEqual(['visited', 'tracked']);
    expect(isComplete(draft)).toBe(true);
    const { tree: back } = toApi(draft);
    expect(back).toEqual(tree); // the text "7" stays a string, 400 a number
    expect(segmentNode.safeParse(back).success).toBe(true);
  });

  it('says what is missing before asking the server', () => {
    const visited = newCondition('visited') as CondDraft;
    expect(incompleteReason(visited)).toMatch(/pattern/);
    expect(incompleteReason({ ...visited, urlPattern: '/blog/*', withinDays: undefined })).toBe('Enter the number of days');
    expect(incompleteReason({ ...visited, urlPattern: '/blog/*' })).toBeNull();
    const tracked = newCondition('tracked') as CondDraft;
    expect(incompleteReason(tracked)).toBe('Choose the event');
    expect(incompleteReason({ ...tracked, eventName: 'Signed Up', where: [{ key: 'p', property: 'plan', op: 'eq', value: '' }] })).toBe('Complete the property conditions');
    // "ever" leaves withinDays out of a tracked condition.
    const { tree } = toApi({ key: 'g', group: true, op: 'and', not: false, children: [{ ...tracked, eventName: ' Signed Up ' }] });
    expect(tree).toEqual({ type: 'and', children: [{ type: 'tracked', name: 'Signed Up', negate: false, minCount: 1 }] });
  });

  it('puts a server error on the row and part it names', () => {
    const draft = fromApi({ type: 'and', children: [{ type: 'visited', urlPattern: '/x', withinDays: 1 }, { type: 'tracked', name: 'A', where: [{ property: 'v', op: 'gt', value: 'lots' }] }] });
    const { paths } = toApi(draft);
    const err = new ApiError(400, 'VALIDATION', 'Invalid', { fields: [{ path: 'tree.children[1].where[0].value', message: '"gt" compares numbers; give a number' }] });
    const byNode = errorsByNode(err, paths);
    expect(byNode.get(draft.children[1].key)).toEqual([{ part: 'where.0.value', message: '"gt" compares numbers; give a number' }]);
  });
});
