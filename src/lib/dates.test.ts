import { describe, expect, it } from 'vitest';
import { isValidIsoDate, parseLooseDate } from './dates.js';

describe('dates', () => {
  it('accepts only real calendar days', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('0000-01-01')).toBe(false);
    expect(isValidIsoDate('2024-1-01')).toBe(false);
  });
  it('reads the spellings people use in spreadsheets', () => {
    expect(parseLooseDate('31/12/1969')).toBe('1969-12-31');
    expect(parseLooseDate('12/31/1969')).toBe('1969-12-31');
    expect(parseLooseDate('1990.02.03')).toBe('1990-02-03');
    expect(parseLooseDate('next tuesday')).toBeNull();
  });
});
