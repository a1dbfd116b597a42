import { describe, expect, it } from 'vitest';
import { catalogueParts } from './segment-contacts.js';
import type { SegmentNode } from './segment-tree.schema.js';

const parts = (tree: SegmentNode) => [...catalogueParts(tree)].sort();

describe('catalogueParts', () => {
  it('reads nothing for conditions on built-in fields, tags and events', () => {
    expect(parts({ type: 'and', children: [
      { type: 'field', field: 'lastName', op: 'eq', value: 'larsen' },
      { type: 'tags', op: 'hasAny', tags: ['vip'] },
      { type: 'event', kind: 'email_opened', withinDays: 30 },
    ] })).toEqual([]);
  });

  it('reads the part each condition checks against, nested anywhere', () => {
    expect(parts({ type: 'not', child: { type: 'or', children: [
      { type: 'field', field: 'custom.score', op: 'gt', value: 3 },
      { type: 'owner', op: 'is', userId: 1 },
      { type: 'list', op: 'member', listId: 2 },
    ] } })).toEqual(['fields', 'lists', 'users']);
    expect(parts({ type: 'company', field: 'custom.size', op: 'eq', value: 'big' } as SegmentNode)).toEqual(['fields']);
  });

  it('reads everything for a tree that names another segment (whose conditions it cannot see yet)', () => {
    expect(parts({ type: 'segment', segmentId: 4 })).toEqual(['fields', 'lists', 'segments', 'users']);
  });
});
