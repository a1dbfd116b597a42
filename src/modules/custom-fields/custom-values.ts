import type { CustomValues } from '../../db/schema.js';
import type { FieldIssue } from '../../lib/app-error.js';
import { isValidIsoDate } from '../../lib/dates.js';
import type { FieldDefinition } from './custom-fields.repo.js';

type Result = { ok: true; value: unknown } | { ok: false; message: string };

const options = (def: FieldDefinition) => def.options as string[];

/** Checks one value against its definition (API writes: JSON types must match). */
export function checkCustomValue(def: FieldDefinition, value: unknown): Result {
  if (value === null || value === undefined || value === '') return def.required ? { ok: false, message: 'is required' } : { ok: true, value: null };
  switch (def.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 10_000 ? { ok: true, value } : { ok: false, message: 'must be text of at most 10,000 characters' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false, message: 'must be a number' };
    case 'date':
      return typeof value === 'string' && isValidIsoDate(value) ? { ok: true, value } : { ok: false, message: 'must be a date as YYYY-MM-DD' };
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, message: 'must be true or false' };
    case 'select':
      return typeof value === 'string' && options(def).includes(value)
        ? { ok: true, value }
        : { ok: false, message: `must be one of: ${options(def).join(', ')}` };
    case 'multiselect': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return { ok: false, message: 'must be a list of options' };
      const unknown = value.filter((v) => !options(def).includes(v));
      if (unknown.length) return { ok: false, message: `unknown option(s) ${unknown.join(', ')}; allowed: ${options(def).join(', ')}` };
      if (def.required && value.length === 0) return { ok: false, message: 'is required' };
      return { ok: true, value: [...new Set(value as string[])] };
    }
  }
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);

/** A file's "gold" or "GOLD" is the option "Gold": the option's own spelling is what is stored. */
function optionSpelling(def: FieldDefinition, text: string): string {
  const lower = text.toLowerCase();
  return options(def).find((o) => o.toLowerCase() === lower) ?? text;
}

/** Turns a CSV cell into the value its field expects, then checks it. */
export function parseCustomCell(def: FieldDefinition, cell: string): Result {
  const text = cell.trim();
  if (text === '') return checkCustomValue(def, null);
  switch (def.type) {
    case 'number': {
      const n = Number(text.replace(/[\s,](?=\d{3}\b)/g, ''));
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `"${text}" is not a number` };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { ok: true, value: true };
      if (FALSE.has(lower)) return { ok: true, value: false };
      return { ok: false, message: `"${text}" is not yes/no` };
    }
    case 'select':
      return checkCustomValue(def, optionSpelling(def, text));
    case 'multiselect':
      return checkCustomValue(def, text.split(/[;,|]/).map((s) => optionSpelling(def, s.trim())).filter(Boolean));
    default:
      return checkCustomValue(def, text);
  }
}

/**
 * Validates a set of custom values. On create every required field must be present; on update
 * only the keys given are checked. Issues name `custom.<key>`.
 */
export function validateCustomValues(
  defs: FieldDefinition[],
  values: Record<string, unknown>,
  mode: 'create' | 'update',
): { values: CustomValues; issues: FieldIssue[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const issues: FieldIssue[] = [];
  const out: CustomValues = {};
  for (const [key, raw] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      issues.push({ path: `custom.${key}`, message: 'is not a custom field of this workspace' });
      continue;
    }
    const result = checkCustomValue(def, raw);
    if (result.ok) out[key] = result.value;
    else issues.push({ path: `custom.${key}`, message: result.message });
  }
  if (mode === 'create') {
    for (const def of defs) if (def.required && !(def.key in values)) issues.push({ path: `custom.${def.key}`, message: 'is required' });
  }
  return { values: out, issues };
}

/** Merges validated values into stored ones; null removes a key. */
export function mergeCustomValues(stored: CustomValues, patch: CustomValues): CustomValues {
  const merged: CustomValues = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
