import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { jsonb } from '../db/executor.js';
import type { CustomFieldType } from '../db/schema.js';
import { AppError } from './app-error.js';
import { isValidIsoDate, parseTimestamp } from './dates.js';
import { unstorableText } from './storable-text.js';

/**
 * The list filters of records with typed columns and a `custom` jsonb (contacts, companies):
 * one compiler, told which table alias to read and which built-in fields the API exposes.
 */
type Kind = CustomFieldType | 'timestamp';
export type FilterOp = 'eq' | 'neq' | 'contains' | 'startsWith' | 'gt' | 'gte' | 'lt' | 'lte' | 'isEmpty' | 'isNotEmpty';
export interface RecordFilter {
  field: string;
  op: FilterOp;
  value?: string | number | boolean;
}
/** What the compiler needs of a custom field definition. */
export interface CustomFieldRef {
  key: string;
  type: CustomFieldType;
}
export interface FilterTable {
  alias: string;
  /** API field name → column and how to compare it. */
  fields: Record<string, { kind: 'text' | 'date' | 'timestamp'; column: string }>;
}

interface Target {
  kind: Kind;
  expr: RawBuilder<unknown>;
  /** For custom fields: the key, so equality can use a GIN index on `custom`. */
  customKey?: string;
}

const OPS: Record<Kind, readonly string[]> = {
  text: ['eq', 'neq', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  timestamp: ['gt', 'gte', 'lt', 'lte'],
  boolean: ['eq', 'neq', 'isEmpty', 'isNotEmpty'],
  select: ['eq', 'neq', 'isEmpty', 'isNotEmpty'],
  multiselect: ['eq', 'neq', 'isEmpty', 'isNotEmpty'],
};

const col = (table: FilterTable, column: string) => sql.ref(`${table.alias}.${column}`);

function targetOf(table: FilterTable, field: string, defs: CustomFieldRef[], path: string): Target {
  if (field.startsWith('custom.')) {
    const key = field.slice(7);
    const def = defs.find((d) => d.key === key);
    if (!def) throw AppError.invalid({ path, message: `"${field}" is not a custom field of this workspace` });
    const text = sql`(${col(table, 'custom')} ->> ${key}::text)`;
    const expr = def.type === 'number' ? sql`${text}::numeric` : def.type === 'date' ? sql`${text}::date` : def.type === 'boolean' ? sql`${text}::boolean` : text;
    return { kind: def.type, expr, customKey: key };
  }
  const builtIn = Object.hasOwn(table.fields, field) ? table.fields[field] : undefined;
  if (!builtIn) throw AppError.invalid({ path, message: `unknown field "${field}"; use one of ${Object.keys(table.fields).join(', ')} or custom.<key>` });
  return { kind: builtIn.kind, expr: sql`${col(table, builtIn.column)}` };
}

function valueOf(kind: Kind, value: unknown, path: string): unknown {
  const bad = (message: string) => AppError.invalid({ path, message });
  if (value === undefined) throw bad('this operator needs a value');
  // The filters arrive as JSON text inside a query parameter, where the request guard cannot look.
  const unstorable = typeof value === 'string' ? unstorableText(value) : null;
  if (unstorable) throw bad(unstorable);
  switch (kind) {
    case 'number':
      if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))) return Number(value);
      throw bad('must be a number');
    case 'date':
      if (typeof value === 'string' && isValidIsoDate(value)) return value;
      throw bad('must be a date as YYYY-MM-DD');
    case 'timestamp': {
      const at = typeof value === 'string' ? parseTimestamp(value) : null;
      if (at) return at.toISOString();
      throw bad('must be a date-time such as 2026-03-01T09:30:00Z, or a date, with a year from 0001 to 9999');
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad('must be true or false');
    default:
      return String(value);
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** Compiles the list filters into WHERE expressions; every field and operator is checked. */
export function compileRecordFilters(table: FilterTable, filters: RecordFilter[], defs: CustomFieldRef[]): Expression<SqlBool>[] {
  const custom = col(table, 'custom');
  return filters.map((f, i) => {
    const path = `filters[${i}]`;
    const t = targetOf(table, f.field, defs, `${path}.field`);
    if (!OPS[t.kind].includes(f.op)) throw AppError.invalid({ path: `${path}.op`, message: `"${f.op}" does not apply to a ${t.kind} field; use one of ${OPS[t.kind].join(', ')}` });
    if (f.op === 'isEmpty') return t.kind === 'text' ? sql<SqlBool>`coalesce(${t.expr}, '') = ''` : t.kind === 'multiselect' ? sql<SqlBool>`coalesce(jsonb_array_length(${custom} -> ${t.customKey!}::text), 0) = 0` : sql<SqlBool>`${t.expr} is null`;
    if (f.op === 'isNotEmpty') return t.kind === 'text' ? sql<SqlBool>`coalesce(${t.expr}, '') <> ''` : t.kind === 'multiselect' ? sql<SqlBool>`coalesce(jsonb_array_length(${custom} -> ${t.customKey!}::text), 0) > 0` : sql<SqlBool>`${t.expr} is not null`;
    const v = valueOf(t.kind, f.value, `${path}.value`);
    if (t.kind === 'multiselect') {
      const has = sql<SqlBool>`${custom} @> ${jsonb({ [t.customKey!]: [v] })}`;
      return f.op === 'eq' ? has : sql<SqlBool>`not (${has})`;
    }
    if (t.customKey && (t.kind === 'select' || t.kind === 'boolean' || t.kind === 'number') && f.op === 'eq') {
      return sql<SqlBool>`${custom} @> ${jsonb({ [t.customKey]: v })}`; // served by a GIN index on custom, where there is one
    }
    if (t.kind === 'text') {
      const s = String(v).toLowerCase();
      if (f.op === 'eq') return sql<SqlBool>`lower(${t.expr}) = ${s}`;
      if (f.op === 'neq') return sql<SqlBool>`lower(${t.expr}) is distinct from ${s}`;
      if (f.op === 'contains') return sql<SqlBool>`${t.expr} ilike ${`%${escapeLike(s)}%`}`;
      return sql<SqlBool>`${t.expr} ilike ${`${escapeLike(s)}%`}`;
    }
    // A select option is text: only numbers, dates, times and booleans are cast (a select once got ::boolean).
    const cast = t.kind === 'number' ? sql`::numeric` : t.kind === 'date' ? sql`::date` : t.kind === 'timestamp' ? sql`::timestamptz` : t.kind === 'boolean' ? sql`::boolean` : sql``;
    const param = sql`${t.kind === 'boolean' ? String(v) : v}${cast}`;
    const op = { eq: '=', neq: 'is distinct from', gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op as 'eq'];
    return sql<SqlBool>`${t.expr} ${sql.raw(op)} ${param}`;
  });
}

/** A prefix full-text query from free text: every word must match the start of a lexeme. */
export function toPrefixTsQuery(q: string): string | null {
  const words = q
    .split(/\s+/)
    .map((w) => w.replace(/['\\&|!():*<>]/g, '').toLowerCase())
    .filter(Boolean)
    .slice(0, 10);
  return words.length ? words.map((w) => `'${w}':*`).join(' & ') : null;
}

/**
 * Free-text search over the trigger-kept `search` vector and, for roles that may read notes,
 * `notes_search`; null when the text has no searchable word (then nothing is filtered).
 */
export function fullTextMatch(alias: string, q: string | undefined, withNotes: boolean): Expression<SqlBool> | null {
  const tsq = q ? toPrefixTsQuery(q) : null;
  return tsq ? tsQueryMatch(alias, tsq, withNotes) : null;
}

/** fullTextMatch for a query already made by toPrefixTsQuery (or a placeholder bound later). */
export function tsQueryMatch(alias: string, tsq: unknown, withNotes: boolean): Expression<SqlBool> {
  const match = (column: string) => sql<SqlBool>`${sql.ref(`${alias}.${column}`)} @@ to_tsquery('simple', ${tsq})`;
  return withNotes ? sql<SqlBool>`(${match('search')} or ${match('notes_search')})` : match('search');
}

/** Records carrying the tag (GIN index on `tags`); tags are stored lower case. */
export function hasTag(alias: string, tag: string): Expression<SqlBool> {
  return hasLowerTag(alias, tag.toLowerCase());
}

/** hasTag for a tag already lower case (or a placeholder bound later). */
export function hasLowerTag(alias: string, tag: unknown): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.tags`)} @> array[${tag}]::text[]`;
}
