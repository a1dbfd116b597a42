import { parseLooseDate } from '../../lib/dates.js';
import { unstorableText } from '../../lib/storable-text.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { parseCustomCell } from '../custom-fields/custom-values.js';
import { updateContactBody, type UpdateContactInput } from '../contacts/contacts.schema.js';
import type { NewImportError } from './imports.repo.js';

/** What the job knows before reading rows: which column feeds which field, and lookups. */
export interface RowContext {
  columns: { index: number; header: string; field: string }[];
  defs: Map<string, FieldDefinition>;
  /** lower(email) → user id, for the `owner` field. */
  owners: Map<string, number>;
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

export function buildRowContext(headers: string[], mapping: Record<string, string>, defs: FieldDefinition[], users: { id: number; email: string }[]): RowContext {
  return {
    columns: Object.entries(mapping).map(([header, field]) => ({ index: headers.indexOf(header), header, field })),
    defs: new Map(defs.map((d) => [d.key, d])),
    owners: new Map(users.map((u) => [u.email.toLowerCase(), u.id])),
  };
}

/** Undoes the `'` our own export puts before = + - @, so an exported file imports back unchanged. */
const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
const shown = (cell: string) => (cell.length > 60 ? `${cell.slice(0, 57)}…` : cell);

/**
 * Turns one CSV record into API input and checks it with the API's own field rules (the zod
 * schema of PATCH /contacts); only non-empty mapped cells become input, so blanks never erase.
 */
export function parseRow(record: string[], row: number, rc: RowContext): ParsedRow {
  const out: ParsedRow = { row, input: {}, email: null, companyName: null, errors: [], blank: record.every((c) => c.trim() === '') };
  if (out.blank) return out;
  const raw: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const cellOf = new Map<string, { header: string; cell: string }>();
  const fail = (field: string, message: string) => {
    const at = cellOf.get(field);
    out.errors.push({ row, field, message: at ? `${message} (column "${at.header}": "${shown(at.cell)}")` : message });
  };
  for (const { index, header, field } of rc.columns) {
    const cell = unneutralise((record[index] ?? '').trim());
    if (cell === '') continue;
    const unstorable = unstorableText(cell); // the cell itself is left out of the message: it cannot be stored either
    if (unstorable) {
      out.errors.push({ row, field, message: `${unstorable} (column "${header}")` });
      continue;
    }
    cellOf.set(field, { header, cell });
    if (field === 'birthday') {
      const iso = parseLooseDate(cell);
      if (iso) raw.birthday = iso;
      else fail(field, 'is not a date; write it as YYYY-MM-DD or DD/MM/YYYY');
    } else if (field === 'company') {
      if (cell.length > 200) fail(field, 'is longer than 200 characters');
      else out.companyName = cell;
    } else if (field === 'owner') {
      const id = rc.owners.get(cell.toLowerCase());
      if (id) raw.ownerId = id;
      else fail(field, 'is not the email of a user of this workspace');
    } else if (field === 'tags') {
      raw.tags = cell.split(/[,;|]/).map((t) => t.trim()).filter(Boolean);
    } else if (field.startsWith('custom.')) {
      const result = parseCustomCell(rc.defs.get(field.slice(7))!, cell);
      if (result.ok) custom[field.slice(7)] = result.value;
      else fail(field, result.message);
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
