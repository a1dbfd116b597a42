import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { AppContext } from '../../context.js';
import { AppError, type FieldIssue } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { emailHash, isSendableEmail } from '../audience/email-hash.js';
import { toCsv } from '../reports/reports.csv.js';
import * as repo from './suppressions.repo.js';
import { MAX_IMPORT_ROWS, settableReasons, type AddSuppressionInput } from './suppressions.schema.js';

export const presentSuppression = (r: repo.SuppressionRow) => ({ id: r.id, email: r.email, reason: r.reason, note: r.note, createdAt: r.created_at });

export async function listSuppressions(options: { ctx: AppContext; actor: Actor; limit: number; cursor?: string; q?: string }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'lists:read');
  const rows = await repo.suppressionsPage(ctx.db, { workspaceId: actor.workspaceId, beforeId: decodeIdCursor(options.cursor), limit, q: options.q });
  return pageOf(rows.map(presentSuppression), limit, (s) => [s.id]);
}

export async function addSuppression(options: { ctx: AppContext; actor: Actor; input: AddSuppressionInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'lists:write');
  return ctx.db.transaction().execute(async (trx) => {
    const email = input.email.toLowerCase();
    const [row] = await repo.insertSuppressions(trx, actor.workspaceId, [{ email, emailHash: emailHash(ctx.secret, email), reason: input.reason, note: input.note ?? null }]);
    if (!row) throw AppError.conflict('This address is already suppressed', { fields: [{ path: 'email', message: 'already suppressed' }] });
    const out = presentSuppression(row);
    await insertAudit(trx, actor, { entity: 'suppression', entityId: row.id, action: 'create', after: out });
    return out;
  });
}

/** Lifting a suppression lets marketing email reach the address again: members keep their list status. */
export async function removeSuppression(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'lists:write');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.findSuppression(trx, actor.workspaceId, id);
    if (!row) throw AppError.notFound('Suppression');
    // An erased person's hash is what keeps them from being re-added by mistake; only they can lift it (by signing up).
    if (row.reason === 'erased') throw AppError.invalid({ path: 'id', message: 'an erased contact stays suppressed until they sign up again themselves' });
    await repo.deleteSuppression(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'suppression', entityId: id, action: 'delete', before: presentSuppression(row) });
  });
}

export async function exportSuppressionsCsv(options: { ctx: AppContext; actor: Actor }): Promise<string> {
  const { ctx, actor } = options;
  requirePermission(actor, 'lists:read');
  requirePermission(actor, 'exports:run');
  const rows: repo.SuppressionRow[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await repo.suppressionsPage(ctx.db, { workspaceId: actor.workspaceId, beforeId: before, limit: 5000 });
    rows.push(...page.slice(0, 5000));
    if (page.length <= 5000) break;
    before = page[4999].id;
  }
  await insertAudit(ctx.db, actor, { entity: 'suppression', entityId: null, action: 'export', after: { rows: rows.length } });
  return toCsv(['email', 'reason', 'note', 'created_at'], rows.map((r) => [r.email ?? '', r.reason, r.note, r.created_at]));
}

/**
 * Imports a CSV with an `email` column and optional `reason` and `note`: valid rows are added in
 * batches (an address already suppressed is skipped), bad rows are reported by row and field.
 */
export async function importSuppressions(options: { ctx: AppContext; actor: Actor; file: Readable }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'lists:write');
  requirePermission(actor, 'imports:run');
  const parser = options.file.pipe(parse({ columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, bom: true, relax_column_count: true, max_record_size: 10_000 }));
  const errors: (FieldIssue & { row: number })[] = [];
  let added = 0;
  let skipped = 0;
  let row = 1;
  let batch: repo.SuppressionWrite[] = [];
  const flush = async () => {
    const written = await ctx.db.transaction().execute(async (trx) => repo.insertSuppressions(trx, actor.workspaceId, batch));
    added += written.length;
    skipped += batch.length - written.length;
    batch = [];
  };
  try {
    for await (const rec of parser as AsyncIterable<Record<string, string>>) {
      row++;
      if (row - 1 > MAX_IMPORT_ROWS) throw AppError.invalid({ path: 'file', message: `at most ${MAX_IMPORT_ROWS} rows per file` });
      if (row === 2 && !('email' in rec)) throw AppError.invalid({ path: 'file', message: 'the CSV needs an "email" column' });
      const email = (rec.email ?? '').trim().toLowerCase().replace(/^'/, '');
      const reason = (rec.reason ?? '').trim() || 'imported';
      if (!isSendableEmail(email)) { if (errors.length < 1000) errors.push({ row, path: 'email', message: 'is not a valid email address' }); continue; }
      if (!(settableReasons as readonly string[]).includes(reason)) { if (errors.length < 1000) errors.push({ row, path: 'reason', message: `must be one of ${settableReasons.join(', ')}` }); continue; }
      batch.push({ email, emailHash: emailHash(ctx.secret, email), reason: reason as repo.SuppressionWrite['reason'], note: rec.note?.trim().slice(0, 1000) || null });
      if (batch.length >= 1000) await flush();
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw AppError.invalid({ path: 'file', message: `not a readable CSV: ${(err as Error).message}` });
  }
  if (batch.length) await flush();
  await insertAudit(ctx.db, actor, { entity: 'suppression', entityId: null, action: 'import', after: { added, skipped, errors: errors.length } });
  return { added, skipped, errors: errors.map((e) => ({ row: e.row, field: e.path, message: e.message })) };
}
