import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { isValidIsoDate } from '../../lib/dates.js';
import { jsonb } from '../../db/executor.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import type { ContactFilter } from './contacts.schema.js';

type Kind = 'text' | 'number' | 'date' | 'timestamp' | 'boolean' | 'select' | 'multiselect';
interface Target {
  kind: Kind;
  expr: RawBuilder<unknown>;
  /** For custom fields: the key, so equality can use the GIN index on `custom`. */
  customKey?: string;
}

const BUILT_IN: Record<string, Target> = {
  firstName: { kind: 'text', expr: sql`c.first_name` },
  lastName: { kind: 'text', expr: sql`c.last_name` },
  fullName: { kind: 'text', expr: sql`c.full_name` },
  email: { kind: 'text', expr: sql`c.email` },
  phone: { kind: 'text', expr: sql`c.phone` },
  jobTitle: { kind: 'text', expr: sql`c.job_title` },
  birthday: { kind: 'date', expr: sql`c.birthday` },
  createdAt: { kind: 'timestamp', expr: sql`c.created_at` },
  updatedAt: { kind: 'timestamp', expr: sql`c.updated_at` },
};

const OPS: Record<Kind, readonly string[]> = {
  text: ['eq', 'neq', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  timestamp: ['gt', 'gte', 'lt', 'lte'],
  boolean: ['eq', 'neq', 'isEmpty', 'isNotEmpty'],
  select: ['eq', 'neq', 'isEmpty', 'isNotEmpty'],
  multiselect: ['eq', 'neq', 'isEmpty', 'isNotEmpty'],
};

function targetOf(field: string, defs: FieldDefinition[], path: string): Target {
  if (field.startsWith('custom.')) {
    const key = field.slice(7);
    const def = defs.find((d) => d.key === key);
    if (!def) throw AppError.invalid({ path, message: `"${field}" is not a custom field of this workspace` });
    const text = sql`(c.custom ->> ${key}::text)`;
    const expr = def.type === 'number' ? sql`${text}::numeric` : def.type === 'date' ? sql`${text}::date` : def.type === 'boolean' ? sql`${text}::boolean` : text;
    return { kind: def.type, expr, customKey: key };
  }
  const target = BUILT_IN[field];
  if (!target) throw AppError.invalid({ path, message: `unknown field "${field}"; use one of ${Object.keys(BUILT_IN).join(', ')} or custom.<key>` });
  return target;
}

function valueOf(kind: Kind, value: unknown, path: string): unknown {
  const bad = (message: string) => AppError.invalid({ path, message });
  if (value === undefined) throw bad('this operator needs a value');
  switch (kind) {
    case 'number':
      if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))) return Number(value);
      throw bad('must be a number');
    case 'date':
      if (typeof value === 'string' && isValidIsoDate(value)) return value;
      throw bad('must be a date as YYYY-MM-DD');
    case 'timestamp':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
      throw bad('must be a date-time');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad('must be true or false');
    default:
      return String(value);
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** Compiles the list filters into one WHERE expression; every field and operator is checked. */
export function compileFilters(eb: ExpressionBuilder<DB & { c: DB['contacts'] }, 'c'>, filters: ContactFilter[], defs: FieldDefinition[]): Expression<SqlBool>[] {
  return filters.map((f, i) => {
    const path = `filters[${i}]`;
    const t = targetOf(f.field, defs, `${path}.field`);
    if (!OPS[t.kind].includes(f.op)) throw AppError.invalid({ path: `${path}.op`, message: `"${f.op}" does not apply to a ${t.kind} field; use one of ${OPS[t.kind].join(', ')}` });
    if (f.op === 'isEmpty') return t.kind === 'text' ? sql<SqlBool>`coalesce(${t.expr}, '') = ''` : t.kind === 'multiselect' ? sql<SqlBool>`coalesce(jsonb_array_length(c.custom -> ${t.customKey!}::text), 0) = 0` : sql<SqlBool>`${t.expr} is null`;
    if (f.op === 'isNotEmpty') return t.kind === 'text' ? sql<SqlBool>`coalesce(${t.expr}, '') <> ''` : t.kind === 'multiselect' ? sql<SqlBool>`coalesce(jsonb_array_length(c.custom -> ${t.customKey!}::text), 0) > 0` : sql<SqlBool>`${t.expr} is not null`;
    const v = valueOf(t.kind, f.value, `${path}.value`);
    if (t.kind === 'multiselect') {
      const has = sql<SqlBool>`c.custom @> ${jsonb({ [t.customKey!]: [v] })}`;
      return f.op === 'eq' ? has : sql<SqlBool>`not (${has})`;
    }
    if (t.customKey && (t.kind === 'select' || t.kind === 'boolean' || t.kind === 'number') && f.op === 'eq') {
      return sql<SqlBool>`c.custom @> ${jsonb({ [t.customKey]: v })}`; // served by the GIN index on custom
    }
    if (t.kind === 'text') {
      const s = String(v).toLowerCase();
      if (f.op === 'eq') return sql<SqlBool>`lower(${t.expr}) = ${s}`;
      if (f.op === 'neq') return sql<SqlBool>`lower(${t.expr}) is distinct from ${s}`;
      if (f.op === 'contains') return sql<SqlBool>`${t.expr} ilike ${`%${escapeLike(s)}%`}`;
      return sql<SqlBool>`${t.expr} ilike ${`${escapeLike(s)}%`}`;
    }
    const cast = t.kind === 'number' ? sql`::numeric` : t.kind === 'date' ? sql`::date` : t.kind === 'timestamp' ? sql`::timestamptz` : sql`::boolean`;
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
