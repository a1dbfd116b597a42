/**
 * A read-through cache for settings that every inbound message reads and people rarely change (an
 * inbox by its address, the SLA policy of an inbox). An entry lives `ttlMs`, so a change made by
 * another process is seen within that time; this process clears the cache when it changes one,
 * so its own changes count at once. Concurrent misses of one key share one read. At most
 * `maxEntries` keys; when full the cache starts over, which costs one read per key.
 */
export class TtlCache<K, V> {
  // The entry holds the read in flight, so clear() also drops a read that may predate a change.
  private entries = new Map<K, { value: Promise<V>; until: number }>();

  constructor(private readonly ttlMs: number, private readonly maxEntries = 10_000) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry = { value, until: now + this.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets one key (this process changed it). */
  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** One cache per owner (a database handle): two contexts in one process never share entries. */
export function cachePerOwner<K, V>(ttlMs: number, maxEntries?: number): (owner: object) => TtlCache<K, V> {
  const caches = new WeakMap<object, TtlCache<K, V>>();
  return (owner) => {
    let cache = caches.get(owner);
    if (!cache) caches.set(owner, (cache = new TtlCache<K, V>(ttlMs, maxEntries)));
    return cache;
  };
}
