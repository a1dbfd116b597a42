import { describe, expect, it } from 'vitest';
import { Throttle } from './throttle.js';

describe('Throttle', () => {
  it('spaces takes 1/rate apart after a small burst, per key', () => {
    let now = 1000;
    const t = new Throttle(() => now);
    const waits = Array.from({ length: 10 }, () => t.reserve('gmail.com', 20));
    // 20/s: a burst of 1 slot, then 50 ms apart.
    expect(waits).toEqual([0, 0, 50, 100, 150, 200, 250, 300, 350, 400]);
    expect(t.reserve('yahoo.com', 20)).toBe(0);
    now += 10_000;
    expect(t.reserve('gmail.com', 20)).toBe(0);
  });
});
