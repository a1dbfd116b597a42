import type { Executor } from '../../db/executor.js';
import type { ImportKind, ImportMode } from '../../db/schema.js';
import { insertAuditMany } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { processBatch } from './import-batch.js';
import { processCompanyBatch } from './import-company-batch.js';
import type { ImportConsentHook } from './import-consent.js';
import { processDealBatch, type DealLookups } from './import-deal-batch.js';
import { isBlankRecord, parseRow, type ParsedRow, type RowContext } from './import-rows.js';
import { extraCells } from './import-scan.js';
import { findImportFileHash, type NewImportError } from './imports.repo.js';
import type { orderImporter } from '../orders/order-import.js';

export interface BatchSettings {
  importId: number;
  actor: Actor;
  kind: ImportKind;
  mode: ImportMode;
  defs: FieldDefinition[];
  rows: RowContext;
  /** How many columns the header names; cells beyond are warned about. */
  width: number;
  /** Rows left out by the user's choice about repeated keys, with the note for each. */
  skips: Map<number, { field: string; message: string }>;
  /** Emails a dry run has already "created" in earlier (rolled back) batches. */
  dryRunEmails?: Set<string>;
  /** Subscribe saved rows to a list with the declared consent (import-consent.ts). */
  consent?: ImportConsentHook;
  /** Pipelines, stages and the default currency, for deals. */
  deals?: DealLookups;
  /** The run's order importer (it remembers the order ids of earlier batches), for orders. */
  orders?: ReturnType<typeof orderImporter>;
}

/** What a kind's batch reports; skips and warnings are counted here, the same for every kind. */
export interface KindResult {
  created: number;
  updated: number;
  failed: number;
  errors: NewImportError[];
}
export interface BatchResult extends KindResult {
  skipped: number;
  warned: number;
}

/** A batch's records; `parsed` is a contact row read ahead of its transaction (prepareRecords). */
export type Records = { record: string[]; row: number; parsed?: ParsedRow }[];
const PROCESSORS: Record<ImportKind, (trx: Executor, s: BatchSettings, records: Records) => Promise<KindResult>> = {
  contacts: processBatch,
  companies: processCompanyBatch,
  deals: processDealBatch,
  orders: async (trx, s, records) => {
    const r = await s.orders!.processRows(trx, records);
    return { ...r, errors: r.errors.map((e) => ({ ...e, level: 'error' as const })) };
  },
};

/**
 * Kinds whose records span several rows say which adjacent rows belong together: a batch is
 * not ended between them, so each record is written whole in one transaction.
 */
const KEEP_TOGETHER: Partial<Record<ImportKind, (s: BatchSettings) => (previous: string[], next: string[]) => boolean>> = {
  orders: (s) => s.orders!.sameOrder,
};
export const keepTogether = (s: BatchSettings) => KEEP_TOGETHER[s.kind]?.(s);

/**
 * The part of a batch that needs no database: contact rows are parsed and checked here, so a
 * caller can do it while the previous batch is being written. Other kinds parse in their writer.
 */
export function prepareRecords(s: BatchSettings, records: Records): Records {
  if (s.kind !== 'contacts') return records;
  return records.map((r) => (isBlankRecord(r.record) || s.skips.has(r.row) ? r : { ...r, parsed: parseRow(r.record, r.row, s.rows) }));
}

/**
 * One batch of any kind, in the caller's transaction: rows the user chose to leave out are
 * noted and skipped, rows wider than the header are saved with a warning, the rest go to the
 * kind's writer. The audit log gets one entry per batch naming the import, the file's SHA-256,
 * the rows and the counts; the file is kept (import_chunks), so what each record received stays
 * provable without an after-image per record.
 */
export async function processRecords(trx: Executor, s: BatchSettings, records: Records): Promise<BatchResult> {
  const notes: NewImportError[] = [];
  const kept: Records = [];
  let skipped = 0;
  let warned = 0;
  for (const r of records) {
    if (isBlankRecord(r.record)) continue;
    const skip = s.skips.get(r.row);
    if (skip) {
      notes.push({ row: r.row, field: skip.field, message: skip.message, level: 'warning' });
      skipped++;
      continue;
    }
    const extra = extraCells(r.record, s.width);
    if (extra.length) {
      warned++;
      const shown = extra.slice(0, 3).map((c) => `"${c.length > 30 ? `${c.slice(0, 29)}…` : c}"`).join(', ');
      notes.push({ row: r.row, field: null, level: 'warning', message: `has ${r.record.length} cells but the header names ${s.width} columns; the cells after column ${s.width} were not imported (${shown}${extra.length > 3 ? ', …' : ''})` });
    }
    kept.push(r);
  }
  const result = await PROCESSORS[s.kind](trx, s, kept);
  const out: BatchResult = { ...result, skipped, warned, errors: [...result.errors, ...notes].sort((a, b) => a.row - b.row) };
  if (records.length) {
    await insertAuditMany(trx, s.actor, [{
      entity: 'import', entityId: s.importId, action: 'rows_imported',
      after: { importId: s.importId, kind: s.kind, fileSha256: await fileHashOf(trx, s), rows: { first: records[0].row, last: records.at(-1)!.row }, created: out.created, updated: out.updated, failed: out.failed, skipped },
    }]);
  }
  return out;
}

/** The file's hash, read once per run (settings live for one run of one import). */
const fileHashes = new WeakMap<BatchSettings, string | null>();
async function fileHashOf(trx: Executor, s: BatchSettings) {
  if (!fileHashes.has(s)) fileHashes.set(s, await findImportFileHash(trx, s.importId));
  return fileHashes.get(s)!;
}
