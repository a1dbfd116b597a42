import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { jsonb } from '../../db/executor.js';
import { addDays, anniversaryRanges, mmddText, shiftMs, utcToday } from './segment-dates.js';
import type { CheckedValues, ResolvedField } from './segment-fields.js';
import type { FieldOp } from './segment-tree.schema.js';

/**
 * SQL for one field condition on a record alias (`c` for contacts, `co` for companies), for the
 * positive operators only; the compiler negates. Custom keys are inlined as literals (they match
 * /^[a-z][a-z0-9_]*$/), so the expressions are byte-for-byte those of the expression indexes made
 * in segments.repo.ts, which the planner matches structurally.
 */
export type Cond = RawBuilder<SqlBool>;

export const TRUE: Cond = sql<SqlBool>`true`;
export const FALSE: Cond = sql<SqlBool>`false`;
/** Exact complement in two-valued logic: NULL (unknown, no value) counts as "not matching". */
export const not = (c: Cond): Cond => sql<SqlBool>`(${c}) is not true`;
export const and = (cs: Cond[]): Cond => (cs.length === 0 ? TRUE : cs.length === 1 ? cs[0] : sql<SqlBool>`(${sql.join(cs, sql` and `)})`);
export const or = (cs: Cond[]): Cond => (cs.length === 0 ? FALSE : cs.length === 1 ? cs[0] : sql<SqlBool>`(${sql.join(cs, sql` or `)})`);

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** Numeric value of a custom key, NULL unless it is a JSON number, so the cast never throws on another workspace's data. */
export const customNumber = (src: RawBuilder<unknown>, key: string) =>
  sql`(case when jsonb_typeof(${src} -> ${sql.lit(key)}) = 'number' then (${src} ->> ${sql.lit(key)})::numeric end)`;
/** ISO dates are stored as 'YYYY-MM-DD' text, which sorts as the dates do: compared as text, indexable without a (stable, not immutable) cast. */
export const customText = (src: RawBuilder<unknown>, key: string) => sql`(${src} ->> ${sql.lit(key)})`;
export const customMonthDay = (src: RawBuilder<unknown>, key: string) => sql`substr(${src} ->> ${sql.lit(key)}, 6, 5)`;
/** Must match contacts_birthday_mmdd_idx exactly. */
export const birthdayMonthDay = (col: RawBuilder<unknown>) => sql`((extract(month from ${col}) * 100 + extract(day from ${col}))::integer)`;

export function fieldPredicate(f: ResolvedField, op: FieldOp, v: CheckedValues, alias: string, now: Date): Cond {
  const src = sql`${sql.ref(`${alias}.custom`)}`;
  const key = f.customKey;
  const expr = key === undefined ? sql`${sql.ref(`${alias}.${f.column}`)}` : f.kind === 'number' ? customNumber(src, key) : customText(src, key);
  const contains = (value: unknown) => sql<SqlBool>`${src} @> ${jsonb({ [key!]: value })}`; // GIN contacts_custom_idx

  if (op === 'isEmpty') {
    if (key === undefined) return f.kind === 'text' ? sql<SqlBool>`coalesce(${expr}, '') = ''` : sql<SqlBool>`${expr} is null`;
    if (f.kind === 'text') return sql<SqlBool>`coalesce(${expr}, '') = ''`;
    if (f.kind === 'multiselect') return sql<SqlBool>`coalesce(jsonb_array_length(case when jsonb_typeof(${src} -> ${sql.lit(key)}) = 'array' then ${src} -> ${sql.lit(key)} end), 0) = 0`;
    return sql<SqlBool>`coalesce(jsonb_typeof(${src} -> ${sql.lit(key)}), 'null') = 'null'`;
  }
  switch (f.kind) {
    case 'text': {
      const s = String(v.value).toLowerCase();
      // lower(last_name) = $1 is an Index Only Scan of contacts_ws_last_name_idx (migration 0004):
      // 71k of 1M contacts counted in 9 ms instead of a 388 ms seq scan. Other columns still scan.
      if (op === 'eq') return sql<SqlBool>`lower(${expr}) = ${s}`;
      if (op === 'contains') return sql<SqlBool>`${expr} ilike ${`%${escapeLike(s)}%`}`;
      return sql<SqlBool>`${expr} ilike ${`${escapeLike(s)}%`}`;
    }
    case 'number': {
      if (op === 'eq') return contains(v.value);
      if (op === 'between') return sql<SqlBool>`${expr} between ${v.from}::numeric and ${v.to}::numeric`;
      const cmp = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[op as 'lt'];
      return sql<SqlBool>`${expr} ${sql.raw(cmp)} ${v.value}::numeric`;
    }
    case 'date':
      return datePredicate(f, op, v, expr, src, now);
    case 'timestamp': {
      const at = (iso: string) => sql`${`${iso}T00:00:00Z`}::timestamptz`;
      const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
      if (op === 'before') return sql<SqlBool>`${expr} < ${at(String(v.value))}`;
      if (op === 'after') return sql<SqlBool>`${expr} >= ${at(addDays(String(v.value), 1))}`;
      if (op === 'between') return sql<SqlBool>`(${expr} >= ${at(String(v.from))} and ${expr} < ${at(addDays(String(v.to), 1))})`;
      if (op === 'inLast') return sql<SqlBool>`(${expr} >= ${ts(shiftMs(now, -v.days!))} and ${expr} <= ${ts(now)})`;
      return sql<SqlBool>`(${expr} >= ${ts(now)} and ${expr} <= ${ts(shiftMs(now, v.days!))})`;
    }
    case 'boolean':
      return contains(v.value);
    case 'select':
      return or(v.values!.map((o) => contains(o)));
    case 'multiselect':
      return op === 'allOf' ? contains(v.values) : or(v.values!.map((o) => contains([o])));
  }
}

function datePredicate(f: ResolvedField, op: FieldOp, v: CheckedValues, expr: RawBuilder<unknown>, src: RawBuilder<unknown>, now: Date): Cond {
  // Built-in dates are `date` columns; custom dates are ISO text (see customText).
  const d = (iso: string) => (f.customKey === undefined ? sql`${iso}::date` : sql`${iso}`);
  const today = utcToday(now);
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${expr} = ${d(String(v.value))}`;
    case 'before':
      return sql<SqlBool>`${expr} < ${d(String(v.value))}`;
    case 'after':
      return sql<SqlBool>`${expr} > ${d(String(v.value))}`;
    case 'between':
      return sql<SqlBool>`${expr} between ${d(String(v.from))} and ${d(String(v.to))}`;
    case 'inLast':
      return sql<SqlBool>`${expr} between ${d(addDays(today, -v.days!))} and ${d(today)}`;
    case 'inNext':
      return sql<SqlBool>`${expr} between ${d(today)} and ${d(addDays(today, v.days!))}`;
    default: {
      // anniversaryInNext: one or two month-day ranges (two when the window crosses New Year).
      const md = f.customKey === undefined ? birthdayMonthDay(expr) : customMonthDay(src, f.customKey);
      const bound = (x: number) => (f.customKey === undefined ? sql`${sql.lit(x)}` : sql`${mmddText(x)}`);
      return or(anniversaryRanges(now, v.days!).map(([lo, hi]) => sql<SqlBool>`${md} between ${bound(lo)} and ${bound(hi)}`));
    }
  }
}
