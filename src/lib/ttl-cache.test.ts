import { describe, expect, it, vi } from 'vitest';
import { cachePerOwner, TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('reads a key once while fresh, and shares one read between concurrent misses', async () => {
    const cache = new TtlCache<string, number>(60_000);
    const load = vi.fn(async () => 7);
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([7, 7]);
    expect(await cache.get('a', load)).toBe(7);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reads again after the entry expires, after clear() or delete(), and after a failed read', async () => {
    const cache = new TtlCache<string, number>(0);
    let n = 0;
    const load = async () => ++n;
    expect(await cache.get('a', load)).toBe(1);
    await new Promise((r) => setTimeout(r, 2));
    expect(await cache.get('a', load)).toBe(2);
    const fresh = new TtlCache<string, number>(60_000);
    expect(await fresh.get('a', load)).toBe(3);
    fresh.clear();
    expect(await fresh.get('a', load)).toBe(4);
    await expect(fresh.get('b', async () => { throw new Error('down'); })).rejects.toThrow('down');
    expect(await fresh.get('b', load)).toBe(5);
    fresh.delete('b');
    expect(await fresh.get('b', load)).toBe(6);
    expect(await fresh.get('a', load)).toBe(4);
  });

  it('starts over when full, and keeps owners apart', async () => {
    const cache = new TtlCache<number, number>(60_000, 2);
    const load = vi.fn(async () => 1);
    for (const k of [1, 2, 3, 1]) await cache.get(k, load);
    expect(load).toHaveBeenCalledTimes(4);
    const of = cachePerOwner<string, string>(60_000);
    const [a, b] = [{}, {}];
    expect(await of(a).get('k', async () => 'a')).toBe('a');
    expect(await of(b).get('k', async () => 'b')).toBe('b');
    expect(await of(a).get('k', async () => 'x')).toBe('a');
  });
});
