import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import { checkMapping, cleanMapping, suggestMapping } from './import-mapping.js';
import type { StartImportInput } from './imports.schema.js';
import { storeImportSubscribe } from './import-consent.js';
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

export function presentImport(r: repo.ImportRow, defs: Parameters<typeof suggestMapping>[1] = []) {
  return {
    id: r.id, filename: r.filename, status: r.status, mode: r.mode, dryRun: r.dry_run, headers: r.headers, sample: r.sample,
    suggestedMapping: suggestMapping(r.headers, defs), mapping: r.mapping, byteSize: r.byte_size, totalRows: r.total_rows,
    processed: r.processed, created: r.created, updated: r.updated, failed: r.failed, progress: progressOf(r),
    errorMessage: r.error_message, createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at,
  };
}

export async function getImport(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'imports:run');
  const row = await loadImport(ctx, actor, options.id);
  const defs = await listFieldDefinitions(ctx.db, actor.workspaceId, 'contact');
  const errors = await repo.listImportErrors(ctx.db, row.id, 100);
  return { ...presentImport(row, defs), errors: errors.map((e) => ({ row: e.row_number, field: e.field, message: e.message })) };
}

export async function listImports(options: { ctx: AppContext; actor: Actor; limit: number; cursor?: string }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'imports:run');
  const beforeId = decodeIdCursor(options.cursor);
  const page = pageOf(await repo.listImportsPage(ctx.db, actor.workspaceId, limit, beforeId), limit, (r) => [r.id]);
  return { data: page.data.map((r) => presentImport(r)), nextCursor: page.nextCursor };
}

/**
 * Checks the mapping against the file and the workspace's fields, then queues the import (or,
 * with `inline`, leaves running it to the caller: the CLI runs it in its own process).
 */
export async function startImport(options: { ctx: AppContext; actor: Actor; id: number; input: StartImportInput; inline?: boolean }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'imports:run');
  const row = await loadImport(ctx, actor, id);
  if (row.status !== 'uploaded') throw AppError.conflict(`The import is already ${row.status}`);
  const defs = await listFieldDefinitions(ctx.db, actor.workspaceId, 'contact');
  const mapping = cleanMapping(input.mapping);
  const issues = checkMapping(row.headers, mapping, defs, input.mode);
  if (issues.length) throw AppError.invalid(issues);
  await storeImportSubscribe(ctx, actor, id, input.subscribe);
  if (!(await repo.queueImport(ctx.db, actor.workspaceId, id, { mapping, mode: input.mode, dryRun: input.dryRun }))) {
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

/** All errors of an import as CSV (row,field,message), read in keyset pages as the client reads. */
export async function importErrorsCsv(options: { ctx: AppContext; actor: Actor; id: number }): Promise<{ filename: string; stream: Readable }> {
  const { ctx, actor } = options;
  requirePermission(actor, 'imports:run');
  const row = await loadImport(ctx, actor, options.id);
  async function* rows() {
    yield ['row', 'field', 'message'];
    let after: [number, number] | undefined;
    for (;;) {
      const page = await repo.listImportErrors(ctx.db, row.id, 1000, after);
      for (const e of page) yield [e.row_number, e.field ?? '', e.message];
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
