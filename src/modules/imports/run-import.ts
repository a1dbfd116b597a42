import { CsvError } from 'csv-parse';
import type { AppContext } from '../../context.js';
import { currentPriority } from '../../db/mutex.js';
import { JobInterrupted, throwIfInterrupted } from '../../jobs/job-lease.js';
import { AppError } from '../../lib/app-error.js';
import type { Actor } from '../auth/permissions.js';
import { importPacer } from './batch-pacer.js';
import { loadImportConsent } from './import-consent.js';
import { loadDealLookups } from './import-deal-batch.js';
import { importRecords } from './import-file.js';
import { IMPORT_KIND_SPECS, kindFieldDefinitions } from './import-kinds.js';
import { orderImporter } from '../orders/order-import.js';
import { buildRowContext } from './import-rows.js';
import { repeatSkips, scanImport } from './import-scan.js';
import { keepTogether, prepareRecords, processRecords, type BatchResult, type BatchSettings, type Records } from './import-step.js';
import * as repo from './imports.repo.js';

export interface ImportProgress {
  bytes: number;
  byteSize: number;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  skipped: number;
  warned: number;
}

export interface RunImportOptions {
  ctx: AppContext;
  importId: number;
  /** Rows per batch; by default 500, or sized by time when it runs as background work on PGlite (batch-pacer.ts). */
  batchSize?: number;
  /** Raised by the job runner when the process stops or the job's lease is lost: the run stops after the batch in progress. */
  signal?: AbortSignal;
  /** Called after each committed batch; if it throws, the run stops there (tests use this as a crash). */
  onBatch?: (progress: ImportProgress) => void | Promise<void>;
}

const ROLLBACK = Symbol('dry run');

/**
 * Runs (or resumes) an import: the rows up to the committed checkpoint are read past, the rest are
 * processed in batches, each committed in one transaction together with its checkpoint. A crash
 * between batches therefore neither loses nor repeats a row.
 */
export async function runImport(options: RunImportOptions): Promise<repo.ImportRow> {
  const { ctx, importId } = options;
  const imp = await repo.findImportById(ctx.db, importId);
  if (!imp) throw AppError.notFound('Import');
  if (imp.status === 'completed') return imp;
  if (imp.status === 'uploaded') throw AppError.conflict('The import has not been started');
  await repo.setImportStatus(ctx.db, importId, 'running', { errorMessage: null });
  try {
    await processFile(options, imp);
  } catch (err) {
    // A conflict means another worker holds this import, and an interrupted run is resumed by the
    // job's next attempt: in both cases the status is not this run's to set.
    if ((err instanceof AppError && err.code === 'CONFLICT') || err instanceof JobInterrupted) throw err;
    const message = err instanceof CsvError ? `The file is not valid CSV: ${err.message}` : err instanceof Error ? err.message : String(err);
    await repo.setImportStatus(ctx.db, importId, 'failed', { errorMessage: message });
    throw err;
  }
  return (await repo.findImportById(ctx.db, importId))!;
}

async function processFile(options: RunImportOptions, imp: repo.ImportRow) {
  const { ctx, importId } = options;
  const settings = await loadSettings(ctx, imp);
  const totals = { processed: imp.processed, created: imp.created, updated: imp.updated, failed: imp.failed, skipped: imp.skipped, warned: imp.warned };
  let seen = 0;
  let bytes = 0;
  let batch: Records = [];
  const pacer = importPacer({ engine: ctx.database.kind, background: currentPriority() === 'background', fixed: options.batchSize });
  const commit = async (rows: Records, read: number) => {
    throwIfInterrupted(options.signal);
    const { result: r, heldMs } = await commitBatch(ctx, settings, imp.dry_run, totals.processed, rows);
    pacer.record(rows.length, heldMs);
    totals.processed += rows.length;
    totals.created += r.created;
    totals.updated += r.updated;
    totals.failed += r.failed;
    totals.skipped += r.skipped;
    totals.warned += r.warned;
    if (options.onBatch) await options.onBatch({ ...totals, bytes: read, byteSize: imp.byte_size });
  };
  // On PostgreSQL the next batch is read and parsed while the server writes the previous one
  // (they used to take turns, each idle while the other worked). Batches still commit one at a
  // time and in order, each with its checkpoint. PGlite runs in this thread: there is nothing
  // to overlap, so it keeps the plain loop.
  const overlap = ctx.database.kind === 'postgres';
  let inflight: Promise<{ error: unknown } | null> | null = null;
  const settle = async () => {
    const failed = inflight && (await inflight);
    inflight = null;
    if (failed) throw failed.error;
  };
  const send = async () => {
    const rows = prepareRecords(settings, batch);
    batch = [];
    await settle();
    const done = commit(rows, bytes);
    if (!overlap) return done;
    // Kept as a value, never a rejected promise: the next settle() rethrows a failure, which
    // meanwhile is not an unhandled rejection.
    inflight = done.then(() => null, (error: unknown) => ({ error }));
  };
  const together = keepTogether(settings);
  try {
    for await (const { record, row, bytes: read } of importRecords(ctx, importId)) {
      if (++seen <= imp.processed) continue; // committed before a crash or retry
      // A full batch of a kind that keeps rows together (an order's lines) is committed only where it may be cut.
      if (together && batch.length >= pacer.size && !together(batch.at(-1)!.record, record)) await send();
      batch.push({ record, row });
      bytes = read;
      if (!together && batch.length >= pacer.size) await send();
    }
    if (batch.length) await send();
    await settle();
  } finally {
    // A read that fails (bad CSV) while a batch is being written lets that batch finish first,
    // so the status set by the caller follows the last committed checkpoint.
    if (inflight) await inflight;
  }
  await repo.setImportStatus(ctx.db, importId, 'completed', { totalRows: seen });
  // A large import changes the tables' statistics enough that the planner would pick bitmap
  // scans and sorts over index walks (measured: 100 ms instead of 0.1 ms for a broad search at
  // 100k contacts). PGlite has no autovacuum at all, so refresh them here.
  if (!imp.dry_run && seen >= ANALYZE_AFTER_ROWS) await repo.refreshContactStatistics(ctx.db);
}

/**
 * What every batch of a run needs. The rows a repeat choice leaves out are worked out again from
 * the stored file on every run (it does not change), so a resumed run skips exactly the same rows.
 */
async function loadSettings(ctx: AppContext, imp: repo.ImportRow): Promise<BatchSettings> {
  const ws = imp.workspace_id;
  const spec = IMPORT_KIND_SPECS[imp.kind];
  const defs = await kindFieldDefinitions(ctx.db, ws, imp.kind);
  const users = await repo.listWorkspaceUserEmails(ctx.db, ws);
  // Permission was checked when the import was started; the job acts on that person's behalf.
  const actor: Actor = { workspaceId: ws, role: 'owner', userId: imp.created_by, apiKeyId: null, label: imp.actor_label };
  let skips: BatchSettings['skips'] = new Map();
  if (imp.on_repeat && spec.key) {
    const scan = await scanImport(ctx, { importId: imp.id, kind: imp.kind, headers: imp.headers, mapping: imp.mapping, defs });
    skips = repeatSkips(scan.repeats, imp.on_repeat, spec.key);
  }
  return {
    importId: imp.id, actor, kind: imp.kind, mode: imp.mode, defs, width: imp.headers.length, skips,
    rows: buildRowContext(imp.headers, imp.mapping, defs, users, imp.date_format),
    dryRunEmails: imp.dry_run ? new Set() : undefined,
    consent: await loadImportConsent(ctx, imp.id),
    deals: imp.kind === 'deals' ? await loadDealLookups(ctx.db, ws) : undefined,
    orders: imp.kind === 'orders' ? orderImporter({ actor, headers: imp.headers, mapping: imp.mapping, now: imp.started_at ?? new Date() }) : undefined,
  };
}

const ANALYZE_AFTER_ROWS = 1000;

/**
 * One batch and its checkpoint in one transaction; a dry run rolls the writes back but keeps errors
 * and counts. `heldMs` is how long the batch's writes held the connection, for the pacer.
 */
async function commitBatch(ctx: AppContext, s: BatchSettings, dryRun: boolean, before: number, batch: Records): Promise<{ result: BatchResult; heldMs: number }> {
  let result!: BatchResult;
  let heldMs = 0;
  const timed = async (trx: AppContext['db']) => {
    const started = performance.now();
    result = await processRecords(trx, s, batch);
    heldMs = performance.now() - started;
  };
  const checkpoint = async (trx: AppContext['db']) => {
    await repo.insertImportErrors(trx, s.actor.workspaceId, s.importId, result.errors);
    const { created, updated, failed, skipped, warned } = result;
    const moved = await repo.advanceCheckpoint(trx, s.importId, before, { processed: batch.length, created, updated, failed, skipped, warned });
    if (!moved) throw AppError.conflict('Another worker is running this import');
  };
  if (!dryRun) {
    await ctx.db.transaction().execute(async (trx) => {
      await timed(trx);
      await checkpoint(trx);
    });
    return { result, heldMs };
  }
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await timed(trx);
      throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  await ctx.db.transaction().execute(checkpoint);
  return { result, heldMs };
}
