import { AppError } from './app-error.js';
import { findUnstorableText } from './storable-text.js';

/** Opaque keyset cursors: base64url JSON of the last row's sort values. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A forged key with a NUL would otherwise reach the database as a query parameter.
    if (Array.isArray(values) && !findUnstorableText(values)) return values;
  } catch {
    // fall through to the error below
  }
  throw AppError.invalid({ path: 'cursor', message: 'is not a cursor returned by this API' });
}

/** A cursor holding one id (`pageOf(rows, limit, (r) => [r.id])`); anything else is a 400, not a failed cast in the database. */
export function decodeIdCursor(cursor: string | undefined): number | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  if (values.length !== 1 || !Number.isSafeInteger(values[0])) throw AppError.invalid({ path: 'cursor', message: 'is not a cursor returned by this API' });
  return values[0] as number;
}

/** Splits a `limit + 1` fetch into the page and the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => unknown[]): { data: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  return { data, nextCursor: hasMore ? encodeCursor(cursorOf(data[data.length - 1])) : null };
}
