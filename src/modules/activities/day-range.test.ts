import { describe, expect, it } from 'vitest';
import { dayWindow, startOfLocalDay } from './day-range.js';

describe('day windows for My day', () => {
  it('finds local midnight, including across a daylight-saving change', () => {
    expect(startOfLocalDay('2025-06-02', 'UTC').toISOString()).toBe('2025-06-02T00:00:00.000Z');
    expect(startOfLocalDay('2025-06-02', 'Europe/Bucharest').toISOString()).toBe('2025-06-01T21:00:00.000Z');
    expect(startOfLocalDay('2025-03-31', 'Europe/Bucharest').toISOString()).toBe('2025-03-30T21:00:00.000Z');
    expect(startOfLocalDay('2025-01-15', 'America/New_York').toISOString()).toBe('2025-01-15T05:00:00.000Z');
  });

  it('ends today at the next local midnight and upcoming n days later', () => {
    const w = dayWindow(new Date('2025-06-01T22:30:00Z'), 'Europe/Bucharest', 7);
    expect(w.endOfToday.toISOString()).toBe('2025-06-02T21:00:00.000Z');
    expect(w.endOfUpcoming.toISOString()).toBe('2025-06-09T21:00:00.000Z');
  });
});
