import { describe, expect, it } from 'vitest';
import { DateFormatDetector, parseImportDate } from './import-dates.js';
import { parseAmount } from './import-deal-batch.js';

const detect = (...cells: string[]) => {
  const d = new DateFormatDetector();
  cells.forEach((c) => d.add(c));
  return d.result();
};

describe('import dates', () => {
  it('detects the order from cells that settle it, and asks only when none does', () => {
    expect(detect('12-05-1990', '25/12/1980')).toEqual({ format: 'DMY', ambiguous: false, examples: [] });
    expect(detect('12-05-1990', '12/25/1980')).toEqual({ format: 'MDY', ambiguous: false, examples: [] });
    expect(detect('1990-05-12', '1980/12/25')).toEqual({ format: 'YMD', ambiguous: false, examples: [] });
    expect(detect('12-05-1990', '03.04.1980', '01/01/2000')).toEqual({ format: null, ambiguous: true, examples: ['12-05-1990', '03.04.1980'] });
    // 25/12 and 12/25 in one file: neither order reads every cell, so the user is asked.
    expect(detect('25/12/1980', '12/25/1980').ambiguous).toBe(true);
    expect(detect('', 'soon', 'n/a')).toEqual({ format: null, ambiguous: false, examples: [] });
  });

  it('reads a cell in the chosen order; year-first cells read the same in every order', () => {
    expect(parseImportDate('12-05-1990', 'DMY')).toBe('1990-05-12');
    expect(parseImportDate('12-05-1990', 'MDY')).toBe('1990-12-05');
    expect(parseImportDate('12-05-1990', 'YMD')).toBeNull();
    expect(parseImportDate('12-05-1990', null)).toBeNull();
    expect(parseImportDate('1990.5.12', 'MDY')).toBe('1990-05-12');
    expect(parseImportDate('31/02/1990', 'DMY')).toBeNull();
    expect(parseImportDate('tomorrow', 'DMY')).toBeNull();
  });

  it('reads amounts written with either decimal mark', () => {
    expect(parseAmount('1,234.50')).toBe(1234.5);
    expect(parseAmount('1.234,50')).toBe(1234.5);
    expect(parseAmount('€ 1 200')).toBe(1200);
    expect(parseAmount('12000 EUR')).toBe(12000);
    expect(parseAmount('1,234')).toBe(1234);
    expect(parseAmount('12,5')).toBe(12.5);
    expect(parseAmount('lots')).toBeNull();
  });
});
