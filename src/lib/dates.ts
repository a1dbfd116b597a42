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
