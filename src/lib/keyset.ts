import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { AppError } from './app-error.js';
import { decodeCursor } from './cursor.js';
import { parseTimestamp } from './dates.js';

/** A sortable expression and the type its text form is cast back to when read from a cursor. */
export interface SortKey {
  expr: RawBuilder<unknown>;
  cast: 'text' | 'timestamptz';
}

export interface KeysetPage {
  sort: SortKey;
  /** The unique tie-breaker, normally the table's id column. */
  id: RawBuilder<unknown>;
  order: 'asc' | 'desc';
  after?: [string, number];
  limit: number;
  /**
   * Write `limit + 1` into the SQL text instead of sending it as a parameter. A prepared statement
   * with `LIMIT $n` is re-planned on every run: without the value the planner costs a generic plan
   * at 10 % of the table, so the custom plan always looks cheaper. With the literal it keeps one
   * generic plan. Each page size is then another text: use it only for a few sizes.
   */
  literalLimit?: boolean;
}

/**
 * Keyset paging on (sort key, id): selects the sort key as text for the next cursor, starts
 * after the cursor with a row comparison, and fetches `limit + 1` rows so `pageOf` can tell
 * whether there is a next page. With an index on (workspace_id, sort key, id) PostgreSQL walks it
 * from the cursor, so page N costs what page 1 costs.
 */
export function keysetPage<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, p: KeysetPage) {
  const { expr, cast } = p.sort;
  const dir = sql.raw(p.order);
  let q = query.select(sql<string>`(${expr})::text`.as('sort_key'));
  if (p.after) {
    const cmp = sql.raw(p.order === 'asc' ? '>' : '<');
    q = q.where(sql<SqlBool>`(${expr}, ${p.id}) ${cmp} (${p.after[0]}::${sql.raw(cast)}, ${p.after[1]})`);
  }
  return q.orderBy(sql`${expr} ${dir}`).orderBy(sql`${p.id} ${dir}`).limit(p.literalLimit ? sql.lit(p.limit + 1) : p.limit + 1);
}

/**
 * Reads a cursor made by `pageOf(rows, limit, (r) => [r.sort_key, r.id])` for this sort key;
 * other shapes are a 400 here rather than a failed cast in the database. A time key must be a
 * timestamp PostgreSQL reads back (not merely one Date.parse takes, such as "1"); it is passed
 * on as the text PostgreSQL printed, since a JS Date would cut its microseconds.
 */
export function decodeKeysetCursor(cursor: string | undefined, sort: Pick<SortKey, 'cast'>): [string, number] | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  const [key, id] = values;
  const keyOk = typeof key === 'string' && key.length <= 1000 && (sort.cast === 'text' || parseTimestamp(key) !== null);
  if (values.length !== 2 || !keyOk || !Number.isSafeInteger(id)) {
    throw AppError.invalid({ path: 'cursor', message: 'is not a cursor returned by this API' });
  }
  return values as [string, number];
}

/** Cursors of newest-first feeds paged on (timestamp, id): timelines and activities. */
export const decodeTimeCursor = (cursor: string | undefined) => decodeKeysetCursor(cursor, { cast: 'timestamptz' });
