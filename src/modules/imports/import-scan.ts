import { CsvError } from 'csv-parse';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { DateFormat, ImportKind, ImportRepeatChoice } from '../../db/schema.js';
import { normalizeDomain } from '../companies/domain.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { DateFormatDetector } from './import-dates.js';
import { importRecords } from './import-file.js';
import { IMPORT_KIND_SPECS } from './import-kinds.js';
import { isBlankRecord } from './import-rows.js';

/** A key (an email, a company's domain or name) on more than one row, with the rows in file order. */
export interface Repeat {
  value: string;
  rows: number[];
}

export interface ImportScan {
  rows: number;
  repeats: Repeat[];
  dates: { format: DateFormat | null; ambiguous: boolean; examples: string[] };
  /** Rows holding cells beyond the header's last column, which are not imported. */
  wideRows: { count: number; rows: number[] };
  /** Where the file stops being CSV (the import will fail there), if it does. */
  broken: string | null;
}

const email = z.email();

const SHOWN_WIDE_ROWS = 20;

/** A cell beyond the header's columns with something in it; a trailing empty cell loses nothing. */
export function extraCells(record: string[], width: number): string[] {
  return record.slice(width).filter((c) => c.trim() !== '');
}

/** The repeat key of a row: an email compares lower-cased, a company by its domain, else its name. */
function keyReader(kind: ImportKind, headers: string[], mapping: Record<string, string>) {
  const column = (field: string) => headers.indexOf(Object.keys(mapping).find((h) => mapping[h] === field) ?? '\u0000');
  if (kind === 'contacts') {
    const emailColumn = column('email');
    // Only an address that can be saved is a repeat: two rows of "n/a" fail on their own.
    return (r: string[]) => {
      const value = emailColumn >= 0 ? (r[emailColumn] ?? '').trim().toLowerCase() : '';
      return value && email.safeParse(value).success ? value : null;
    };
  }
  if (kind === 'companies') {
    const [domain, name] = [column('domain'), column('name')];
    return (r: string[]) => (domain >= 0 && r[domain]?.trim() ? normalizeDomain(r[domain]) : null) ?? (name >= 0 ? (r[name] ?? '').trim().toLowerCase() || null : null);
  }
  return () => null;
}

/**
 * Reads the whole stored file once before an import starts, for what the user must decide first:
 * keys on several rows, whether its dates are day- or month-first, rows wider than the header.
 * Memory holds one entry per distinct key (the file itself stays in the database).
 */
export async function scanImport(ctx: AppContext, o: { importId: number; kind: ImportKind; headers: string[]; mapping: Record<string, string>; defs: FieldDefinition[] }): Promise<ImportScan> {
  const spec = IMPORT_KIND_SPECS[o.kind];
  const keyOf = keyReader(o.kind, o.headers, o.mapping);
  const dateFields = new Set([...spec.dateFields, ...o.defs.filter((d) => d.type === 'date').map((d) => `custom.${d.key}`)]);
  const dateColumns = Object.entries(o.mapping).filter(([, f]) => dateFields.has(f)).map(([h]) => o.headers.indexOf(h));
  const detector = new DateFormatDetector();
  const seen = new Map<string, number | number[]>();
  const wideRows = { count: 0, rows: [] as number[] };
  let rows = 0;
  let broken: string | null = null;
  try {
    for await (const { record, row } of importRecords(ctx, o.importId)) {
      if (isBlankRecord(record)) continue;
      rows++;
      for (const i of dateColumns) detector.add(record[i] ?? '');
      if (extraCells(record, o.headers.length).length && wideRows.count++ < SHOWN_WIDE_ROWS) wideRows.rows.push(row);
      const key = keyOf(record);
      if (!key) continue;
      const before = seen.get(key);
      if (before === undefined) seen.set(key, row);
      else if (typeof before === 'number') seen.set(key, [before, row]);
      else before.push(row);
    }
  } catch (err) {
    // The rows before the break are imported and the job then fails naming it, as without a scan.
    if (!(err instanceof CsvError)) throw err;
    broken = `The file is not valid CSV: ${err.message}`;
  }
  const repeats: Repeat[] = [];
  for (const [value, at] of seen) if (typeof at !== 'number') repeats.push({ value, rows: at });
  return { rows, repeats, dates: detector.result(), wideRows, broken };
}

/** The rows a choice leaves out, each with the sentence shown for it in the row list. */
export function repeatSkips(repeats: Repeat[], choice: ImportRepeatChoice, field: string): Map<number, { field: string; message: string }> {
  const out = new Map<number, { field: string; message: string }>();
  for (const { value, rows } of repeats) {
    const kept = choice === 'first' ? rows[0] : choice === 'last' ? rows[rows.length - 1] : null;
    for (const row of rows) {
      if (row === kept) continue;
      const message = kept === null
        ? `skipped: "${value}" is on rows ${rows.join(', ')} of the file, and repeats were chosen to be skipped`
        : `skipped: "${value}" is also on row ${kept}, which was imported (${choice} row wins)`;
      out.set(row, { field, message });
    }
  }
  return out;
}
