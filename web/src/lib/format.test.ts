import { describe, expect, it } from 'vitest';

describe('formatDate', () => {
  it('shows a calendar day as that day west of Greenwich, in the locale the date inputs use', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const { formatDate } = await import('./format');
      const expected = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(2027, 2, 31));
      expect(formatDate('2027-03-31')).toBe(expected);
      expect(formatDate('2027-03-31')).toContain('31');
      expect(formatDate(null)).toBe('—');
      expect(formatDate('not a date')).toBe('not a date');
    } finally {
      process.env.TZ = tz;
    }
  });
});
