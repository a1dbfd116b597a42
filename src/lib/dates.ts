/** YYYY-MM-DD that names a real calendar day (no 2023-02-30, and no year 0, which PostgreSQL lacks). */
export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Accepts the date spellings people put in spreadsheets and returns YYYY-MM-DD, or null. */
export function parseLooseDate(value: string): string | null {
  const text = value.trim();
  if (isValidIsoDate(text)) return text;
  let m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(text);
  if (m) return isoOrNull(m[1], m[2], m[3]);
  // Day first (31/12/1990, 31.12.1990), as most of the world writes it; unambiguous US-style
  // dates (12/31/1990) are recognised when the first number cannot be a month.
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) return Number(m[2]) > 12 ? isoOrNull(m[3], m[1], m[2]) : isoOrNull(m[3], m[2], m[1]);
  return null;
}

function isoOrNull(y: string, mo: string, d: string): string | null {
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : null;
}

// ISO 8601 as clients send it (2026-03-01T09:30:00Z) and as PostgreSQL prints a timestamptz
// (2026-03-01 09:30:00.123456+00): a 4-digit year, a real day, an optional time and offset.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2}){0,2})?$/i;

/**
 * A point in time from text, or null. Stricter than Date.parse, which takes "1" (as 2001) and
 * "+275760-09-13", neither of which PostgreSQL reads: only years 0001–9999, real days and
 * clock times, and offsets within ±15:59 get through. Without an offset the time is UTC.
 */
export function parseTimestamp(value: string): Date | null {
  const m = TIMESTAMP.exec(value.trim());
  if (!m || !isValidIsoDate(m[1])) return null;
  const [, day, hh = '00', mi = '00', ss = '00', frac = '', zone = 'Z'] = m;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return null;
  const offset = /^[+-]/.test(zone) ? zone.replace(/:/g, '') : '';
  if (offset && (Number(offset.slice(1, 3)) > 15 || Number(offset.slice(3, 5) || 0) > 59 || Number(offset.slice(5, 7) || 0) > 59)) return null;
  // Seconds in the offset are rare (historic zones); rounding them away only moves the instant by <1 min.
  const jsZone = offset ? `${offset.slice(0, 3)}:${offset.slice(3, 5) || '00'}` : 'Z';
  const date = new Date(`${day}T${hh}:${mi}:${ss}.${(frac + '000').slice(0, 3)}${jsZone}`);
  return isStorableInstant(date) ? date : null;
}

/**
 * Whether a Date can be sent to PostgreSQL: the drivers send it as ISO text in UTC, which
 * PostgreSQL reads only for years 0001–9999 (0001-01-01T00:00+01:00 is year 0 in UTC).
 */
export function isStorableInstant(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}
