import { describe, expect, it } from 'vitest';
import { isValidIsoDate, parseLooseDate, parseTimestamp } from './dates.js';

describe('dates', () => {
  it('accepts only real calendar days', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('0000-01-01')).toBe(false);
    expect(isValidIsoDate('2024-1-01')).toBe(false);
    expect(isValidIsoDate('+275760-09-13')).toBe(false);
    expect(isValidIsoDate('10000-01-01')).toBe(false);
  });
  it('reads the spellings people use in spreadsheets', () => {
    expect(parseLooseDate('31/12/1969')).toBe('1969-12-31');
    expect(parseLooseDate('12/31/1969')).toBe('1969-12-31');
    expect(parseLooseDate('1990.02.03')).toBe('1990-02-03');
    expect(parseLooseDate('next tuesday')).toBeNull();
  });
  it('reads timestamps as clients send them and as PostgreSQL prints them', () => {
    expect(parseTimestamp('2026-03-01T09:30:00Z')?.toISOString()).toBe('2026-03-01T09:30:00.000Z');
    expect(parseTimestamp('2026-03-01T09:30:00.5+02:00')?.toISOString()).toBe('2026-03-01T07:30:00.500Z');
    expect(parseTimestamp('2026-03-01 09:30:00.123456+00')?.toISOString()).toBe('2026-03-01T09:30:00.123Z');
    expect(parseTimestamp('2026-03-01 09:30:00-0530')?.toISOString()).toBe('2026-03-01T15:00:00.000Z');
    expect(parseTimestamp('2026-03-01')?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseTimestamp('0001-01-01T00:00:00Z')).not.toBeNull();
  });
  it('refuses what Date.parse takes but PostgreSQL does not', () => {
    for (const bad of ['1', '+275760-09-13', '-271821-04-20', '0000-01-01', '2026-02-30', '10000-01-01', '2026-01-01T24:00:00Z', '2026-01-01T10:60Z', '2026-01-01T10:00:00+16:00', 'Tue, 01 Dec 2026 10:00:00 GMT', '2026-01-01 BC', '', '0001-01-01T00:00:00+01:00', '9999-12-31T23:00:00-05:00']) {
      expect(parseTimestamp(bad), bad).toBeNull();
    }
  });
});
