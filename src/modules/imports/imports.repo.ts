import { sql, type SqlBool } from 'kysely';
import { jsonb, type Executor } from '../../db/executor.js';
import type { DateFormat, ImportKind, ImportMode, ImportRepeatChoice, ImportStatus } from '../../db/schema.js';

const importColumns = [
  'id', 'workspace_id', 'created_by', 'actor_label', 'filename', 'status', 'mode', 'dry_run', 'mapping', 'headers', 'sample',
  'byte_size', 'total_rows', 'processed', 'created', 'updated', 'failed', 'error_message', 'created_at', 'started_at', 'finished_at',
  'kind', 'on_repeat', 'date_format', 'skipped', 'warned',
] as const;

export function findImport(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('imports').select(importColumns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
export type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

/** For the worker, which knows only the id; it then scopes everything by the row's workspace. */
export function findImportById(db: Executor, id: number) {
  return db.selectFrom('imports').select(importColumns).where('id', '=', id).executeTakeFirst();
}

/** Newest first, keyset on id (imports_ws_idx). */
export function listImportsPage(db: Executor, workspaceId: number, limit: number, beforeId?: number) {
  let q = db.selectFrom('imports').select(importColumns).where('workspace_id', '=', workspaceId);
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit + 1).execute();
}

/** Starts as failed, so an upload cut off by a crash is not mistaken for a complete file. */
export async function insertImport(db: Executor, row: { workspaceId: number; createdBy: number | null; actorLabel: string; filename: string }) {
  const r = await db
    .insertInto('imports')
    .values({ workspace_id: row.workspaceId, created_by: row.createdBy, actor_label: row.actorLabel, filename: row.filename, status: 'failed', error_message: 'the upload did not finish' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertChunk(db: Executor, workspaceId: number, importId: number, seq: number, data: Buffer) {
  await db.insertInto('import_chunks').values({ import_id: importId, seq, workspace_id: workspaceId, data }).execute();
}

/** One stored piece of the file (primary key import_id, seq). */
export async function findChunk(db: Executor, importId: number, seq: number): Promise<Buffer | null> {
  const row = await db.selectFrom('import_chunks').select('data').where('import_id', '=', importId).where('seq', '=', seq).executeTakeFirst();
  return row ? Buffer.from(row.data) : null;
}

export async function markUploaded(db: Executor, id: number, v: { byteSize: number; sha256: string; headers: string[]; sample: string[][] }) {
  await db
    .updateTable('imports')
    .set({ status: 'uploaded', error_message: null, byte_size: v.byteSize, file_sha256: v.sha256, headers: jsonb(v.headers), sample: jsonb(v.sample) })
    .where('id', '=', id)
    .execute();
}

/** What the rows become, chosen with the upload (before any mapping is suggested). */
export async function setImportKind(db: Executor, workspaceId: number, id: number, kind: ImportKind) {
  await db.updateTable('imports').set({ kind }).where('workspace_id', '=', workspaceId).where('id', '=', id).where('status', '=', 'uploaded').execute();
}

/** Null for files uploaded before hashes were kept (migration 0007). */
export async function findImportFileHash(db: Executor, id: number): Promise<string | null> {
  const row = await db.selectFrom('imports').select('file_sha256').where('id', '=', id).executeTakeFirst();
  return row?.file_sha256 ?? null;
}

export async function deleteImport(db: Executor, id: number) {
  await db.deleteFrom('imports').where('id', '=', id).execute();
}

/** Only an uploaded import can be queued; the status check makes a double start a no-op. */
export async function queueImport(db: Executor, workspaceId: number, id: number, v: { mapping: Record<string, string>; mode: ImportMode; dryRun: boolean; onRepeat: ImportRepeatChoice | null; dateFormat: DateFormat | null }) {
  const r = await db
    .updateTable('imports')
    .set({ status: 'queued', mapping: jsonb(v.mapping), mode: v.mode, dry_run: v.dryRun, on_repeat: v.onRepeat, date_format: v.dateFormat })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('status', '=', 'uploaded')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setImportStatus(db: Executor, id: number, status: ImportStatus, patch: { errorMessage?: string | null; totalRows?: number } = {}) {
  await db
    .updateTable('imports')
    .set({
      status,
      ...(patch.errorMessage !== undefined ? { error_message: patch.errorMessage } : {}),
      ...(patch.totalRows !== undefined ? { total_rows: patch.totalRows } : {}),
      ...(status === 'running' ? { started_at: sql<Date>`coalesce(started_at, now())` } : {}),
      ...(status === 'completed' || status === 'failed' ? { finished_at: new Date() } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * The checkpoint, written in the batch's own transaction. The `processed = before` guard makes a
 * second worker on the same import (a redelivered job) fail instead of writing the rows twice.
 */
export async function advanceCheckpoint(db: Executor, id: number, before: number, add: { processed: number; created: number; updated: number; failed: number; skipped: number; warned: number }) {
  const r = await db
    .updateTable('imports')
    .set((eb) => ({
      processed: eb('processed', '+', add.processed),
      created: eb('created', '+', add.created),
      updated: eb('updated', '+', add.updated),
      failed: eb('failed', '+', add.failed),
      skipped: eb('skipped', '+', add.skipped),
      warned: eb('warned', '+', add.warned),
    }))
    .where('id', '=', id)
    .where('processed', '=', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface NewImportError {
  row: number;
  field: string | null;
  message: string;
  /** A warning leaves its row saved (or, for a skipped repeat, says why it was left out). */
  level?: 'error' | 'warning';
}

export async function insertImportErrors(db: Executor, workspaceId: number, importId: number, errors: NewImportError[]) {
  if (errors.length === 0) return;
  await db
    .insertInto('import_errors')
    .values(errors.map((e) => ({ workspace_id: workspaceId, import_id: importId, row_number: e.row, field: e.field, message: e.message, level: e.level ?? 'error' })))
    .execute();
}

/** In row order, keyset on (row_number, id) = import_errors_idx. */
export function listImportErrors(db: Executor, importId: number, limit: number, after?: [number, number]) {
  let q = db.selectFrom('import_errors').select(['id', 'row_number', 'field', 'message', 'level']).where('import_id', '=', importId);
  if (after) q = q.where(sql<SqlBool>`(row_number, id) > (${after[0]}, ${after[1]})`);
  return q.orderBy('row_number').orderBy('id').limit(limit).execute();
}

/** Owners are named by email in files; a workspace has few users, so the job loads them once. */
export function listWorkspaceUserEmails(db: Executor, workspaceId: number) {
  return db.selectFrom('users').select(['id', 'email']).where('workspace_id', '=', workspaceId).execute();
}

/** Companies of a batch by name, case-insensitively (companies_ws_name_idx); oldest wins on ties. */
export async function findCompaniesByNames(db: Executor, workspaceId: number, names: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (names.length === 0) return out;
  const rows = await db
    .selectFrom('companies')
    .select(['id', sql<string>`lower(name)`.as('key')])
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`lower(name) = any(array(select jsonb_array_elements_text(${JSON.stringify(names.map((n) => n.toLowerCase()))}::jsonb)))`)
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) out.set(r.key, r.id);
  return out;
}

/**
 * The company a companies-import row names: by its domain first, else by its name,
 * case-insensitively (companies_ws_name_idx); the oldest on ties.
 */
export async function findCompanyIdByKey(db: Executor, workspaceId: number, key: { domain: string | null; name: string | null }): Promise<number | null> {
  if (key.domain) {
    const row = await db.selectFrom('companies').select('id').where('workspace_id', '=', workspaceId).where('domain', '=', key.domain).orderBy('id').limit(1).executeTakeFirst();
    if (row) return row.id;
  }
  if (!key.name) return null;
  const row = await db.selectFrom('companies').select('id').where('workspace_id', '=', workspaceId).where(sql<SqlBool>`lower(name) = ${key.name.toLowerCase()}`).orderBy('id').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

export async function insertCompanies(db: Executor, workspaceId: number, names: string[]): Promise<{ id: number; name: string }[]> {
  if (names.length === 0) return [];
  return db.insertInto('companies').values(names.map((name) => ({ workspace_id: workspaceId, name }))).returning(['id', 'name']).execute();
}

/** ANALYZE of the tables an import fills (allowed inside or outside a transaction). */
export async function refreshContactStatistics(db: Executor): Promise<void> {
  await sql`analyze contacts`.execute(db);
  await sql`analyze companies`.execute(db);
  await sql`analyze timeline_events`.execute(db);
}
