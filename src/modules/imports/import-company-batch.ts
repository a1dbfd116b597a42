import type { Executor } from '../../db/executor.js';
import { diffTags } from '../../lib/record-diff.js';
import { insertAuditMany } from '../audit/audit.repo.js';
import * as companies from '../companies/companies.repo.js';
import { updateCompanyBody, type UpdateCompanyInput } from '../companies/companies.schema.js';
import { buildCompanyWrite, diffCompany, presentCompany } from '../companies/company-write.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { readCells, type RowContext } from './import-rows.js';
import { writeRow } from './import-savepoint.js';
import type { BatchSettings, KindResult } from './import-step.js';
import { findCompanyIdByKey, type NewImportError } from './imports.repo.js';

interface CompanyRowInput {
  row: number;
  input: UpdateCompanyInput;
  errors: NewImportError[];
}

/** One record as company input, checked with the API's own rules (PATCH /companies). */
export function parseCompanyRow(record: string[], row: number, rc: RowContext): CompanyRowInput {
  const { cells, errors, fail, common } = readCells(record, row, rc);
  const raw: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const { field, cell } of cells) if (!common(field, cell, raw, custom)) raw[field] = cell;
  if (Object.keys(custom).length) raw.custom = custom;
  const parsed = updateCompanyBody.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) fail(String(issue.path[0] ?? 'row'), issue.message);
  return { row, input: parsed.success ? parsed.data : {}, errors };
}

/**
 * Companies row by row, each under its own savepoint: matched by domain, else by name
 * (case-insensitively); created, updated or refused by the mode. Rows that change nothing are
 * not written. Each company gets an `imported` event naming the import and row.
 */
export async function processCompanyBatch(trx: Executor, s: BatchSettings, records: { record: string[]; row: number }[]): Promise<KindResult> {
  const ws = s.actor.workspaceId;
  const out: KindResult = { created: 0, updated: 0, failed: 0, errors: [] };
  const fail = (row: number, field: string | null, message: string) => {
    out.errors.push({ row, field, message });
    out.failed++;
  };
  for (const { record, row } of records) {
    const p = parseCompanyRow(record, row, s.rows);
    if (p.errors.length) {
      out.errors.push(...p.errors);
      out.failed++;
      continue;
    }
    const id = await findCompanyIdByKey(trx, ws, { domain: p.input.domain ?? null, name: p.input.name ?? null });
    const before = id ? (await companies.findCompany(trx, ws, id))! : null;
    if (before && s.mode === 'create') {
      fail(row, p.input.domain ? 'domain' : 'name', 'a company with this domain or name already exists (mode create)');
      continue;
    }
    if (!before && s.mode === 'update') {
      fail(row, p.input.domain ? 'domain' : 'name', 'no company has this domain or name (mode update)');
      continue;
    }
    if (!before && !p.input.name) {
      fail(row, 'name', 'is required to create a company');
      continue;
    }
    // Matched by its name in another case: the stored spelling stays.
    if (before && p.input.name?.toLowerCase() === before.name.toLowerCase()) delete p.input.name;
    const { write, issues } = buildCompanyWrite(p.input, s.defs, before);
    if (issues.length) {
      issues.forEach((i) => out.errors.push({ row, field: i.path, message: i.message }));
      out.failed++;
      continue;
    }
    const importedEvent = (companyId: number, action: string, data: Record<string, unknown> = {}) => ({
      workspaceId: ws, companyId, kind: 'imported' as const, actorUserId: s.actor.userId, data: { importId: s.importId, action, row, ...data },
    });
    const refused = await writeRow(trx, async () => {
      if (!before) {
        const newId = await companies.insertCompany(trx, ws, { ...write, name: p.input.name! });
        await insertTimelineEvents(trx, [importedEvent(newId, 'created')]);
        await insertAuditMany(trx, s.actor, [{ entity: 'company', entityId: newId, action: 'create', after: { id: newId, ...write, source: 'import', importId: s.importId, row } }]);
        return;
      }
      const changes = diffCompany(before, write);
      const tags = diffTags(before.tags, write.tags);
      if (!changes.length && !tags.added.length && !tags.removed.length) return;
      await companies.updateCompany(trx, ws, before.id, write);
      await insertTimelineEvents(trx, [importedEvent(before.id, 'updated', { changes, ...(tags.added.length ? { tagsAdded: tags.added } : {}), ...(tags.removed.length ? { tagsRemoved: tags.removed } : {}) })]);
      await insertAuditMany(trx, s.actor, [{ entity: 'company', entityId: before.id, action: 'update', before: presentCompany(before), after: { ...write, source: 'import', importId: s.importId, row } }]);
    });
    if (refused) fail(row, null, refused);
    else if (before) out.updated++;
    else out.created++;
  }
  return out;
}
