import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  it('writes alone when idle, then everything that arrived during a write in one write', async () => {
    const writes: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number>(async (items) => {
      writes.push(items);
      await new Promise<void>((r) => (release = r));
    });
    const first = group.add(1);
    const rest = [2, 3, 4].map((n) => group.add(n));
    expect(writes).toEqual([[1]]);
    release();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([[1], [2, 3, 4]]);
    release();
    await Promise.all(rest);
  });

  it('rejects every item of a failed write and goes on with the next', async () => {
    let fail = true;
    const group = new GroupCommit<string>(async () => {
      if (fail) throw new Error('disk full');
    });
    const a = group.add('a');
    const b = group.add('b');
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    fail = false;
    await expect(group.add('c')).resolves.toBeUndefined();
  });

  it('spaces writes when asked, gathering what arrives in between', async () => {
    const writes: { at: number; items: number[] }[] = [];
    const group = new GroupCommit<number>(async (items) => void writes.push({ at: performance.now(), items }), { spacingMs: 40 });
    await group.add(1);
    const later = [2, 3].map((n) => group.add(n));
    await Promise.all(later);
    expect(writes.map((w) => w.items)).toEqual([[1], [2, 3]]);
    expect(writes[1]!.at - writes[0]!.at).toBeGreaterThanOrEqual(35);
  });

  it('gathers what arrives in one turn, caps a write by weight, and runs up to `lanes` writes at once', async () => {
    const writes: number[][] = [];
    const releases: (() => void)[] = [];
    const group = new GroupCommit<number>(async (items) => {
      writes.push(items);
      await new Promise<void>((r) => releases.push(r));
    }, { lanes: 2, gatherTurn: true, maxWeight: 5, weight: (n) => n });
    const all = [1, 2, 3, 4].map((n) => group.add(n));
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([[1, 2], [3]]);
    expect(group.waiting).toBe(10);
    const more = group.add(5);
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(2);
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([[1, 2], [3], [4]]);
    let settled = false;
    const done = group.settled().then(() => (settled = true));
    while (releases.length) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([...all, more, done]);
    expect(writes).toEqual([[1, 2], [3], [4], [5]]);
    expect(settled).toBe(true);
    expect(group.waiting).toBe(0);
  });

  it('writes each item of a failed group alone when asked, so only the bad one fails', async () => {
    const writes: string[][] = [];
    const group = new GroupCommit<string>(async (items) => {
      writes.push(items);
      if (items.includes('bad')) throw new Error('bad item');
    }, { gatherTurn: true, retrySingly: true });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((s) => group.add(s)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(writes).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });
});

describe('GroupCommit gatherMs', () => {
  it('waits for as many items as the write before carried, and no longer than gatherMs', async () => {
    const writes: number[][] = [];
    const group = new GroupCommit<number>(async (items) => {
      writes.push(items);
    }, { gatherMs: 500 });
    // A caller's promise resolves just before its write's lane is free again: wait a turn.
    const turn = () => new Promise((r) => setImmediate(r));
    // The first write carries one item (nothing before it): the next one does not wait.
    await group.add(1);
    await turn();
    await Promise.all([group.add(2), group.add(3), group.add(4)]);
    expect(writes).toEqual([[1], [2], [3, 4]]);
    // The last write carried two: a lone item waits for a second one, which comes 10 ms later.
    const first = group.add(5);
    await new Promise((r) => setTimeout(r, 10));
    await Promise.all([first, group.add(6)]);
    await turn();
    expect(writes.at(-1)).toEqual([5, 6]);
    // Nobody else comes: the item is written after gatherMs, and the next write no longer waits.
    const alone = performance.now();
    await group.add(7);
    await turn();
    expect(performance.now() - alone).toBeGreaterThanOrEqual(495);
    const next = performance.now();
    await group.add(8);
    expect(performance.now() - next).toBeLessThan(250);
    expect(writes.slice(-2)).toEqual([[7], [8]]);
  });
});
