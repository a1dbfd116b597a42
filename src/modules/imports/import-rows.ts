import type { DateFormat } from '../../db/schema.js';
import { unstorableText } from '../../lib/storable-text.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { parseCustomCell } from '../custom-fields/custom-values.js';
import { updateContactBody, type UpdateContactInput } from '../contacts/contacts.schema.js';
import { DATE_FORMAT_HINT, parseImportDate } from './import-dates.js';
import type { NewImportError } from './imports.repo.js';

/** What the job knows before reading rows: which column feeds which field, and lookups. */
export interface RowContext {
  columns: { index: number; header: string; field: string }[];
  defs: Map<string, FieldDefinition>;
  /** lower(email) → user id, for the `owner` field. */
  owners: Map<string, number>;
  /** The file's date format, chosen or detected before the import started. */
  dateFormat: DateFormat | null;
}

export interface ParsedRow {
  row: number;
  input: UpdateContactInput;
  /** Lower-cased, for matching; null when the row has none. */
  email: string | null;
  companyName: string | null;
  errors: NewImportError[];
  /** Every cell blank (a spreadsheet's trailing ",,,"): skipped without an error. */
  blank: boolean;
}

export function buildRowContext(headers: string[], mapping: Record<string, string>, defs: FieldDefinition[], users: { id: number; email: string }[], dateFormat: DateFormat | null = null): RowContext {
  return {
    columns: Object.entries(mapping).map(([header, field]) => ({ index: headers.indexOf(header), header, field })),
    defs: new Map(defs.map((d) => [d.key, d])),
    owners: new Map(users.map((u) => [u.email.toLowerCase(), u.id])),
    dateFormat,
  };
}

/** Undoes the `'` our own export puts before = + - @, so an exported file imports back unchanged. */
const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
const shown = (cell: string) => (cell.length > 60 ? `${cell.slice(0, 57)}…` : cell);
export const isBlankRecord = (record: string[]) => record.every((c) => c.trim() === '');

/** A row's non-empty mapped cells, and a way to fail a field naming the column and cell it came from. */
export interface RowCells {
  cells: { header: string; field: string; cell: string }[];
  errors: NewImportError[];
  fail: (field: string, message: string) => void;
  /** A date cell in the file's format, or a row error saying how to write it. */
  date: (field: string, cell: string) => string | null;
  /** A custom field's cell, typed by its definition; undefined after a row error. */
  custom: (field: string, cell: string) => unknown;
  /** Reads the fields every kind has (owner, tags, custom.<key>) into the input; false for any other field. */
  common: (field: string, cell: string, raw: Record<string, unknown>, custom: Record<string, unknown>) => boolean;
}

/** Reads the mapped cells of one record for any kind of import; a cell the database cannot store fails its field. */
export function readCells(record: string[], row: number, rc: RowContext): RowCells {
  const errors: NewImportError[] = [];
  const cellOf = new Map<string, { header: string; cell: string }>();
  const fail = (field: string, message: string) => {
    const at = cellOf.get(field);
    errors.push({ row, field, message: at ? `${message} (column "${at.header}": "${shown(at.cell)}")` : message });
  };
  const cells: RowCells['cells'] = [];
  for (const { index, header, field } of rc.columns) {
    const cell = unneutralise((record[index] ?? '').trim());
    if (cell === '') continue;
    const unstorable = unstorableText(cell); // the cell itself is left out of the message: it cannot be stored either
    if (unstorable) {
      errors.push({ row, field, message: `${unstorable} (column "${header}")` });
      continue;
    }
    cellOf.set(field, { header, cell });
    cells.push({ header, field, cell });
  }
  const date = (field: string, cell: string) => {
    const iso = parseImportDate(cell, rc.dateFormat);
    if (!iso) fail(field, `is not a date; write it as ${DATE_FORMAT_HINT[rc.dateFormat ?? 'YMD']}${rc.dateFormat && rc.dateFormat !== 'YMD' ? ' or YYYY-MM-DD' : ''}`);
    return iso;
  };
  const custom = (field: string, cell: string) => {
    const def = rc.defs.get(field.slice(7))!;
    const value = def.type === 'date' ? date(field, cell) : cell;
    if (value === null) return undefined;
    const result = parseCustomCell(def, value);
    if (result.ok) return result.value;
    fail(field, result.message);
    return undefined;
  };
  const common = (field: string, cell: string, raw: Record<string, unknown>, values: Record<string, unknown>) => {
    if (field === 'owner') {
      const id = rc.owners.get(cell.toLowerCase());
      if (id) raw.ownerId = id;
      else fail(field, 'is not the email of a user of this workspace');
    } else if (field === 'tags') raw.tags = splitTags(cell);
    else if (field.startsWith('custom.')) {
      const value = custom(field, cell);
      if (value !== undefined) values[field.slice(7)] = value;
    } else return false;
    return true;
  };
  return { cells, errors, fail, date, custom, common };
}

/**
 * Turns one CSV record into API input and checks it with the API's own field rules (the zod
 * schema of PATCH /contacts); only non-empty mapped cells become input, so blanks never erase.
 */
export function parseRow(record: string[], row: number, rc: RowContext): ParsedRow {
  const out: ParsedRow = { row, input: {}, email: null, companyName: null, errors: [], blank: isBlankRecord(record) };
  if (out.blank) return out;
  const { cells, errors, fail, date, common } = readCells(record, row, rc);
  out.errors = errors;
  const raw: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const { field, cell } of cells) {
    if (common(field, cell, raw, custom)) continue;
    if (field === 'birthday') {
      const iso = date(field, cell);
      if (iso) raw.birthday = iso;
    } else if (field === 'company') {
      if (cell.length > 200) fail(field, 'must be at most 200 characters');
      else out.companyName = cell;
    } else {
      raw[field] = cell;
    }
  }
  if (Object.keys(custom).length) raw.custom = custom;
  const parsed = updateContactBody.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(String(issue.path[0] ?? 'row'), issue.message);
    return out;
  }
  out.input = parsed.data;
  out.email = parsed.data.email ? parsed.data.email.toLowerCase() : null;
  return out;
}

export const splitTags = (cell: string) => cell.split(/[,;|]/).map((t) => t.trim()).filter(Boolean);
