import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import type { ImportKind } from '../../db/schema.js';
import { checkMapping, cleanMapping, suggestMapping } from './import-mapping.js';
import type { ImportModeInput, StartImportInput } from './imports.schema.js';
import { storeImportSubscribe } from './import-consent.js';
import { DateFormatDetector } from './import-dates.js';
import { IMPORT_KIND_SPECS, kindFieldDefinitions } from './import-kinds.js';
import { scanImport, type ImportScan } from './import-scan.js';
import * as repo from './imports.repo.js';

export const IMPORT_QUEUE = 'contacts-import';

async function loadImport(ctx: AppContext, actor: Actor, id: number) {
  const row = await repo.findImport(ctx.db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('Import');
  return row;
}

/**
 * Progress 0..1. total_rows is known only at the end, so while running it is estimated from the
 * sample's average row size against the file size.
 */
function progressOf(r: repo.ImportRow): number {
  if (r.status === 'completed') return 1;
  if (r.total_rows) return r.processed / r.total_rows;
  if (!r.processed || !r.byte_size || !r.sample.length) return 0;
  const rowBytes = r.sample.reduce((n, row) => n + Buffer.byteLength(row.join(',')) + 1, 0) / r.sample.length;
  return Math.min(0.99, (r.processed * rowBytes) / r.byte_size);
}

/** Per column of the sample that holds dates: the order they are written in, or that it is open. */
function sampleDateFormats(r: repo.ImportRow) {
  const out: Record<string, ReturnType<DateFormatDetector['result']>> = {};
  r.headers.forEach((header, i) => {
    const detector = new DateFormatDetector();
    for (const row of r.sample) detector.add(row[i] ?? '');
    const result = detector.result();
    if (result.format || result.ambiguous) out[header] = result;
  });
  return out;
}

export function presentImport(r: repo.ImportRow, defs: Parameters<typeof suggestMapping>[1] = []) {
  return {
    id: r.id, filename: r.filename, kind: r.kind, status: r.status, mode: r.mode, dryRun: r.dry_run, headers: r.headers, sample: r.sample,
    suggestedMapping: suggestMapping(r.headers, defs, r.kind), sampleDateFormats: sampleDateFormats(r), mapping: r.mapping,
    onRepeat: r.on_repeat, dateFormat: r.date_format, byteSize: r.byte_size, totalRows: r.total_rows,
    processed: r.processed, created: r.created, updated: r.updated, failed: r.failed, skipped: r.skipped, warned: r.warned, progress: progressOf(r),
    errorMessage: r.error_message, createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at,
  };
}

const fieldDefsOf = (ctx: AppContext, actor: Actor, kind: ImportKind) => kindFieldDefinitions(ctx.db, actor.workspaceId, kind);

export async function getImport(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'imports:run');
  const row = await loadImport(ctx, actor, options.id);
  const defs = await fieldDefsOf(ctx, actor, row.kind);
  const errors = await repo.listImportErrors(ctx.db, row.id, 100);
  return { ...presentImport(row, defs), errors: errors.map((e) => ({ row: e.row_number, field: e.field, message: e.message, level: e.level })) };
}

export async function listImports(options: { ctx: AppContext; actor: Actor; limit: number; cursor?: string }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'imports:run');
  const beforeId = decodeIdCursor(options.cursor);
  const page = pageOf(await repo.listImportsPage(ctx.db, actor.workspaceId, limit, beforeId), limit, (r) => [r.id]);
  return { data: page.data.map((r) => presentImport(r)), nextCursor: page.nextCursor };
}

/** Sets what an uploaded file's rows become, before its mapping is chosen. */
export async function chooseImportKind(options: { ctx: AppContext; actor: Actor; id: number; kind: ImportKind }) {
  const { ctx, actor, kind } = options;
  requirePermission(actor, 'imports:run');
  requirePermission(actor, IMPORT_KIND_SPECS[kind].permission);
  const row = await loadImport(ctx, actor, options.id);
  if (row.status !== 'uploaded') throw AppError.conflict(`The import is already ${row.status}`);
  await repo.setImportKind(ctx.db, actor.workspaceId, row.id, kind);
}

/** The mapping checked against the file and the workspace's fields, then the whole file read for the questions it raises. */
async function checkedScan(ctx: AppContext, actor: Actor, row: repo.ImportRow, rawMapping: Record<string, string>, mode: ImportModeInput) {
  const defs = await fieldDefsOf(ctx, actor, row.kind);
  const mapping = cleanMapping(rawMapping);
  const issues = checkMapping(row.headers, mapping, defs, mode, row.kind);
  if (issues.length) throw AppError.invalid(issues);
  return { mapping, scan: await scanImport(ctx, { importId: row.id, kind: row.kind, headers: row.headers, mapping, defs }) };
}

const SHOWN_REPEATS = 50;

function presentScan(kind: ImportKind, scan: ImportScan) {
  const key = IMPORT_KIND_SPECS[kind].key;
  return {
    rows: scan.rows,
    repeats: { field: key, count: scan.repeats.length, rows: scan.repeats.reduce((n, r) => n + r.rows.length, 0), shown: scan.repeats.slice(0, SHOWN_REPEATS) },
    dates: scan.dates,
    wideRows: scan.wideRows,
    broken: scan.broken,
  };
}

/**
 * What the user must decide before an uploaded file is imported with this mapping: keys on
 * several rows (with their row numbers), a date format the file leaves open, rows wider than
 * the header. Reads the whole file; nothing is written.
 */
export async function checkImport(options: { ctx: AppContext; actor: Actor; id: number; mapping: Record<string, string>; mode?: ImportModeInput }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'imports:run');
  const row = await loadImport(ctx, actor, options.id);
  if (row.status !== 'uploaded') throw AppError.conflict(`The import is already ${row.status}`);
  const { scan } = await checkedScan(ctx, actor, row, options.mapping, options.mode ?? IMPORT_KIND_SPECS[row.kind].modes[0]);
  return presentScan(row.kind, scan);
}

const rowList = (rows: number[]) => (rows.length > 4 ? `${rows.slice(0, 4).join(', ')}, …` : rows.join(', '));

/** The questions a scan leaves that the start input does not answer, as field issues. */
function unansweredChoices(kind: ImportKind, scan: ImportScan, input: StartImportInput) {
  const issues: { path: string; message: string }[] = [];
  if (scan.repeats.length && !input.onRepeat) {
    const [first] = scan.repeats;
    const more = scan.repeats.length > 1 ? ` and ${scan.repeats.length - 1} more` : '';
    issues.push({ path: 'onRepeat', message: `the file has the same ${IMPORT_KIND_SPECS[kind].key} on several rows ("${first.value}" on rows ${rowList(first.rows)}${more}); choose first, last or skip` });
  }
  if (scan.dates.ambiguous && !input.dateFormat) {
    const examples = scan.dates.examples.length ? ` such as ${scan.dates.examples.map((e) => `"${e}"`).join(', ')}` : '';
    issues.push({ path: 'dateFormat', message: `the file's dates${examples} could be day-first or month-first; choose DMY, MDY or YMD` });
  }
  return issues;
}

/**
 * Checks the mapping and the choices against the whole file, then queues the import (or, with
 * `inline`, leaves running it to the caller: the CLI runs it in its own process). A file that
 * repeats a key or leaves its date format open is refused until the input says what to do.
 */
export async function startImport(options: { ctx: AppContext; actor: Actor; id: number; input: StartImportInput; inline?: boolean }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'imports:run');
  const row = await loadImport(ctx, actor, id);
  requirePermission(actor, IMPORT_KIND_SPECS[row.kind].permission);
  if (row.status !== 'uploaded') throw AppError.conflict(`The import is already ${row.status}`);
  if (input.subscribe && row.kind !== 'contacts') throw AppError.invalid({ path: 'subscribe', message: 'only contacts can be subscribed to a list' });
  const { mapping, scan } = await checkedScan(ctx, actor, row, input.mapping, input.mode);
  const issues = unansweredChoices(row.kind, scan, input);
  if (issues.length) throw AppError.invalid(issues);
  await storeImportSubscribe(ctx, actor, id, input.subscribe);
  const choices = { onRepeat: scan.repeats.length ? input.onRepeat! : null, dateFormat: input.dateFormat ?? scan.dates.format };
  if (!(await repo.queueImport(ctx.db, actor.workspaceId, id, { mapping, mode: input.mode, dryRun: input.dryRun, ...choices }))) {
    throw AppError.conflict('The import was started meanwhile');
  }
  if (!options.inline) {
    try {
      await ctx.queue.send(IMPORT_QUEUE, { importId: id }, { singletonKey: `import-${id}` });
    } catch (err) {
      await repo.setImportStatus(ctx.db, id, 'uploaded'); // so the client can try again
      throw err;
    }
  }
  return getImport({ ctx, actor, id });
}

/** All errors and warnings of an import as CSV (row,field,message,level), read in keyset pages as the client reads. */
export async function importErrorsCsv(options: { ctx: AppContext; actor: Actor; id: number }): Promise<{ filename: string; stream: Readable }> {
  const { ctx, actor } = options;
  requirePermission(actor, 'imports:run');
  const row = await loadImport(ctx, actor, options.id);
  async function* rows() {
    yield ['row', 'field', 'message', 'level'];
    let after: [number, number] | undefined;
    for (;;) {
      const page = await repo.listImportErrors(ctx.db, row.id, 1000, after);
      for (const e of page) yield [e.row_number, e.field ?? '', e.message, e.level];
      if (page.length < 1000) return;
      after = [page[page.length - 1].row_number, page[page.length - 1].id];
    }
  }
  const out = stringify({ bom: true });
  Readable.from(rows()).on('error', (err) => out.destroy(err)).pipe(out);
  return { filename: `import-${row.id}-errors.csv`, stream: out };
}

/** Removes an upload whose request failed after the file was stored (e.g. a bad mapping field). */
export async function discardUploadedImport(options: { ctx: AppContext; actor: Actor; id: number }) {
  const row = await repo.findImport(options.ctx.db, options.actor.workspaceId, options.id);
  if (row?.status === 'uploaded') await repo.deleteImport(options.ctx.db, row.id);
}
