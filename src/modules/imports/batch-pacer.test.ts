import { describe, expect, it } from 'vitest';
import { BatchPacer, importPacer, PGLITE_BATCH_BUDGET_MS } from './batch-pacer.js';

describe('BatchPacer', () => {
  it('on PGlite, shrinks batches that hold the connection too long and grows quick ones, at most ×2 per batch', () => {
    const pacer = importPacer({ engine: 'pglite', background: true });
    const first = pacer.size;
    pacer.record(first, PGLITE_BATCH_BUDGET_MS * 8); // far too slow: halves, not ÷8
    expect(pacer.size).toBe(Math.round(first / 2));
    const slow = pacer.size;
    pacer.record(slow, PGLITE_BATCH_BUDGET_MS / 10); // far too quick: doubles, not ×10
    expect(pacer.size).toBe(slow * 2);
    const quick = pacer.size;
    pacer.record(quick, PGLITE_BATCH_BUDGET_MS / 1.25); // a bit quick: grows by that much
    expect(pacer.size).toBe(Math.round(quick * 1.25));
  });

  it('stays within its bounds and ignores a short last batch', () => {
    const pacer = new BatchPacer({ initial: 40, min: 10, max: 100, budgetMs: 50 });
    for (let i = 0; i < 10; i++) pacer.record(pacer.size, 5_000);
    expect(pacer.size).toBe(10);
    for (let i = 0; i < 10; i++) pacer.record(pacer.size, 1);
    expect(pacer.size).toBe(100);
    pacer.record(3, 10_000);
    expect(pacer.size).toBe(100);
  });

  it('keeps a fixed size on PostgreSQL, in the foreground, and when the caller names one', () => {
    const fixed = [
      importPacer({ engine: 'postgres', background: true }),
      importPacer({ engine: 'pglite', background: false }),
      importPacer({ engine: 'pglite', background: true, fixed: 7 }),
    ];
    for (const pacer of fixed) {
      const size = pacer.size;
      pacer.record(size, 10_000);
      pacer.record(size, 0.01);
      expect(pacer.size).toBe(size);
    }
  });
});
