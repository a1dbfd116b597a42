import type { CustomFieldType } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { isValidIsoDate } from '../../lib/dates.js';
import type { FieldOp } from './segment-tree.schema.js';

/**
 * What a field condition may say, shared by the SQL compiler and the reference evaluator so the
 * two cannot disagree on which operator means what. Negative operators are defined as the exact
 * complement of a positive one (a contact with no value is "not equal"), which is also how both
 * sides compute them.
 */
export type FieldKind = CustomFieldType | 'timestamp';

export const OPS_BY_KIND: Record<FieldKind, readonly FieldOp[]> = {
  text: ['eq', 'neq', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'before', 'after', 'between', 'inLast', 'inNext', 'anniversaryInNext', 'isEmpty', 'isNotEmpty'],
  timestamp: ['before', 'after', 'between', 'inLast', 'inNext'],
  boolean: ['eq', 'isEmpty', 'isNotEmpty'],
  select: ['anyOf', 'noneOf', 'isEmpty', 'isNotEmpty'],
  multiselect: ['anyOf', 'allOf', 'noneOf', 'isEmpty', 'isNotEmpty'],
};

/** neq = not eq, isNotEmpty = not isEmpty, noneOf = not anyOf. */
export const NEGATION_OF: Partial<Record<FieldOp, FieldOp>> = { neq: 'eq', isNotEmpty: 'isEmpty', noneOf: 'anyOf' };

/** Built-in contact fields by API name: column and kind. */
export const CONTACT_FIELDS: Record<string, { column: string; kind: FieldKind }> = {
  firstName: { column: 'first_name', kind: 'text' },
  lastName: { column: 'last_name', kind: 'text' },
  fullName: { column: 'full_name', kind: 'text' },
  email: { column: 'email', kind: 'text' },
  phone: { column: 'phone', kind: 'text' },
  jobTitle: { column: 'job_title', kind: 'text' },
  birthday: { column: 'birthday', kind: 'date' },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

/** Built-in company fields a contact condition may name through the contact's company. */
export const COMPANY_FIELDS: Record<string, { column: string; kind: FieldKind }> = {
  name: { column: 'name', kind: 'text' },
  domain: { column: 'domain', kind: 'text' },
  industry: { column: 'industry', kind: 'text' },
};

export interface CustomFieldRef {
  key: string;
  type: CustomFieldType;
  options: unknown;
}

export type ResolvedField = { kind: FieldKind; column: string; customKey?: undefined } | { kind: FieldKind; customKey: string; options: string[]; column?: undefined };

/** The field a condition names, or a 400 naming the node. */
export function resolveField(field: string, builtIn: Record<string, { column: string; kind: FieldKind }>, defs: CustomFieldRef[], path: string): ResolvedField {
  if (field.startsWith('custom.')) {
    const def = defs.find((d) => d.key === field.slice(7));
    if (!def) throw AppError.invalid({ path: `${path}.field`, message: `"${field}" is not a custom field of this workspace` });
    return { kind: def.type, customKey: def.key, options: Array.isArray(def.options) ? (def.options as string[]) : [] };
  }
  const b = Object.hasOwn(builtIn, field) ? builtIn[field] : undefined;
  if (!b) throw AppError.invalid({ path: `${path}.field`, message: `unknown field "${field}"; use one of ${Object.keys(builtIn).join(', ')} or custom.<key>` });
  return { kind: b.kind, column: b.column };
}

/** The values of a field condition, checked against its kind; 400s name `path.value` etc. */
export interface CheckedValues {
  value?: string | number | boolean;
  values?: string[];
  from?: string | number;
  to?: string | number;
  days?: number;
}

interface FieldConditionInput {
  op: FieldOp;
  value?: string | number | boolean;
  values?: string[];
  from?: string | number;
  to?: string | number;
  days?: number;
}

export function checkFieldCondition(f: ResolvedField, c: FieldConditionInput, path: string): CheckedValues {
  const bad = (key: string, message: string) => AppError.invalid({ path: `${path}.${key}`, message });
  if (!OPS_BY_KIND[f.kind].includes(c.op)) throw bad('op', `"${c.op}" does not apply to a ${f.kind} field; use one of ${OPS_BY_KIND[f.kind].join(', ')}`);
  const scalarOf = (key: 'value' | 'from' | 'to', v: unknown): string | number | boolean => {
    if (f.kind === 'number') {
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      throw bad(key, 'must be a number');
    }
    if (f.kind === 'date' || f.kind === 'timestamp') {
      if (typeof v === 'string' && isValidIsoDate(v)) return v;
      throw bad(key, 'must be a date as YYYY-MM-DD');
    }
    if (f.kind === 'boolean') {
      if (typeof v === 'boolean') return v;
      throw bad(key, 'must be true or false');
    }
    if (typeof v === 'string' && v !== '') return v;
    throw bad(key, 'must be non-empty text');
  };
  switch (c.op) {
    case 'isEmpty':
    case 'isNotEmpty':
      return {};
    case 'between':
      return { from: scalarOf('from', c.from) as string | number, to: scalarOf('to', c.to) as string | number };
    case 'inLast':
    case 'inNext':
    case 'anniversaryInNext':
      if (c.days === undefined) throw bad('days', 'give the number of days');
      if (c.op === 'anniversaryInNext' && c.days > 366) throw bad('days', 'must be at most 366');
      return { days: c.days };
    case 'anyOf':
    case 'allOf':
    case 'noneOf': {
      if (!c.values?.length) throw bad('values', 'give at least one option');
      const unknown = c.values.filter((v) => !('options' in f) || !f.options.includes(v));
      if (unknown.length) throw bad('values', `unknown option(s) ${unknown.join(', ')}`);
      return { values: [...new Set(c.values)] };
    }
    default:
      return { value: scalarOf('value', c.value) };
  }
}
