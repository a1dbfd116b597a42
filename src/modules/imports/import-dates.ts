import type { DateFormat } from '../../db/schema.js';
import { isValidIsoDate } from '../../lib/dates.js';

export const DATE_FORMATS = ['DMY', 'MDY', 'YMD'] as const satisfies readonly DateFormat[];

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const YEAR_LAST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

function iso(y: string, m: string, d: string): string | null {
  const out = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isValidIsoDate(out) ? out : null;
}

/**
 * A date cell read in the file's format, as YYYY-MM-DD. A year-first date reads the same in every
 * format; the format decides only between 12-05-1990 as 12 May (DMY) and 5 December (MDY).
 */
export function parseImportDate(cell: string, format: DateFormat | null): string | null {
  const text = cell.trim();
  let m = YEAR_FIRST.exec(text);
  if (m) return iso(m[1], m[2], m[3]);
  m = YEAR_LAST.exec(text);
  if (!m) return null;
  if (format === 'MDY') return iso(m[3], m[1], m[2]);
  if (format === 'DMY') return iso(m[3], m[2], m[1]);
  return null; // YMD, or a format never chosen: a year-last date cannot be read
}

/** How a date cell should be written in the format, for row errors. */
export const DATE_FORMAT_HINT: Record<DateFormat, string> = { DMY: 'DD/MM/YYYY', MDY: 'MM/DD/YYYY', YMD: 'YYYY-MM-DD' };

/**
 * Works out a file's date format from its date cells: each year-last cell rules out the order it
 * cannot be (13/05 is not month-first). The format is asked for only when the cells leave both
 * orders possible, or contradict each other.
 */
export class DateFormatDetector {
  private possible = new Set<DateFormat>(['DMY', 'MDY']);
  private yearLast = 0;
  private yearFirst = 0;
  /** Cells that leave the order open (12-05-1990), shown when asking. */
  readonly examples: string[] = [];

  add(cell: string): void {
    const text = cell.trim();
    if (YEAR_FIRST.test(text)) {
      this.yearFirst++;
      return;
    }
    const m = YEAR_LAST.exec(text);
    if (!m) return;
    this.yearLast++;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12) this.possible.delete('MDY');
    if (b > 12) this.possible.delete('DMY');
    if (a <= 12 && b <= 12 && a !== b && this.examples.length < 3 && !this.examples.includes(text)) this.examples.push(text);
  }

  result(): { format: DateFormat | null; ambiguous: boolean; examples: string[] } {
    if (this.yearLast === 0) return { format: this.yearFirst ? 'YMD' : null, ambiguous: false, examples: [] };
    if (this.possible.size === 1) return { format: [...this.possible][0], ambiguous: false, examples: [] };
    return { format: null, ambiguous: true, examples: this.examples };
  }
}
