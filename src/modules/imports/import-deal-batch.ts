import type { Executor } from '../../db/executor.js';
import { insertAuditMany } from '../audit/audit.repo.js';
import { normalizeDomain } from '../companies/domain.js';
import { findContactsByEmails } from '../contacts/contacts-bulk.repo.js';
import { recordDealEvent, refOf } from '../deals/deal-events.js';
import { enterStage } from '../deals/deal-history.repo.js';
import { buildDealWrite, presentDeal } from '../deals/deal-write.js';
import * as deals from '../deals/deals.repo.js';
import type { DealWrite } from '../deals/deals.repo.js';
import { updateDealBody } from '../deals/deals.schema.js';
import { listPipelineRows, listStages, type StageRow } from '../pipelines/pipelines.repo.js';
import { defaultCurrency } from '../workspaces/workspaces.service.js';
import { readCells } from './import-rows.js';
import { writeRow } from './import-savepoint.js';
import type { BatchSettings, KindResult } from './import-step.js';
import { findCompanyIdByKey, type NewImportError } from './imports.repo.js';

/** The workspace's pipelines and stages by lower-cased name, loaded once per run. */
export interface DealLookups {
  pipelines: Map<string, { id: number; name: string; stages: StageRow[] }>;
  /** The first pipeline, for files without a pipeline column. */
  first: { id: number; name: string; stages: StageRow[] } | null;
  currency: string;
}

export async function loadDealLookups(db: Executor, workspaceId: number): Promise<DealLookups> {
  const rows = await listPipelineRows(db, workspaceId);
  const stages = await listStages(db, workspaceId, rows.map((p) => p.id));
  const list = rows.map((p) => ({ id: p.id, name: p.name, stages: stages.filter((s) => s.pipeline_id === p.id) }));
  return { pipelines: new Map(list.map((p) => [p.name.toLowerCase(), p])), first: list[0] ?? null, currency: await defaultCurrency(db, workspaceId) };
}

/**
 * "1,234.50", "1.234,50", "€ 1 200": the last of "," and "." followed by one or two digits is the
 * decimal mark, any other is a thousands separator.
 */
export function parseAmount(cell: string): number | null {
  const text = cell.replace(/[\s\u00a0'€$£¥]|[A-Z]{3}/g, '');
  if (!/^-?[\d.,]+$/.test(text)) return null;
  const decimal = /[.,](\d{1,2})$/.exec(text);
  const whole = (decimal ? text.slice(0, -decimal[0].length) : text).replace(/[.,]/g, '');
  const n = Number(decimal ? `${whole}.${decimal[1]}` : whole);
  return Number.isFinite(n) ? n : null;
}

const names = (items: { name: string }[]) => items.map((i) => i.name).join(', ');

interface DealRowInput {
  errors: NewImportError[];
  /** Set when the row has no error: what the deal is made of. */
  deal?: { write: DealWrite; title: string; currency: string; stage: StageRow; contactId: number | null };
}

/** One record as a deal, its names resolved against the workspace and checked with the API's own rules. */
async function parseDealRow(trx: Executor, s: BatchSettings, record: string[], row: number): Promise<DealRowInput> {
  const ws = s.actor.workspaceId;
  const lookups = s.deals!;
  const { cells, errors, fail, date, common } = readCells(record, row, s.rows);
  const raw: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  let pipeline = lookups.first;
  let stageName: string | null = null;
  let contactEmail: string | null = null;
  for (const { field, cell } of cells) {
    if (common(field, cell, raw, custom)) continue;
    if (field === 'pipeline') {
      pipeline = lookups.pipelines.get(cell.toLowerCase()) ?? null;
      if (!pipeline) fail(field, `is not a pipeline of this workspace (pipelines: ${names([...lookups.pipelines.values()])})`);
    } else if (field === 'stage') stageName = cell;
    else if (field === 'amount') {
      const value = parseAmount(cell);
      if (value === null) fail(field, 'is not an amount such as 1200 or 1,200.50');
      else raw.value = value;
    } else if (field === 'closeDate') {
      const iso = date(field, cell);
      if (iso) raw.expectedCloseDate = iso;
    } else if (field === 'company') {
      const id = await findCompanyIdByKey(trx, ws, { domain: normalizeDomain(cell), name: cell });
      if (id) raw.companyId = id;
      else fail(field, 'is not the name or domain of a company of this workspace');
    } else if (field === 'contact') contactEmail = cell.toLowerCase();
    else raw[field] = cell;
  }
  if (!pipeline && !errors.length) fail('pipeline', 'is required: the workspace has no pipeline');
  const stage = pipeline && (stageName ? pipeline.stages.find((st) => st.name.toLowerCase() === stageName!.toLowerCase()) : pipeline.stages[0]);
  if (pipeline && !stage) fail('stage', stageName ? `is not a stage of ${pipeline.name} (stages: ${names(pipeline.stages)})` : `${pipeline.name} has no stages`);
  const contact = contactEmail ? (await findContactsByEmails(trx, ws, [contactEmail]))[0] : undefined;
  if (contactEmail && !contact) fail('contact', 'is not the email of a contact of this workspace');
  if (!raw.title) fail('title', 'is required');
  if (Object.keys(custom).length) raw.custom = custom;
  const parsed = updateDealBody.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(String(issue.path[0] ?? 'row'), issue.message);
    return { errors };
  }
  const { write, issues } = buildDealWrite({ ...parsed.data, ownerId: parsed.data.ownerId ?? s.actor.userId }, s.defs, null);
  issues.forEach((i) => errors.push({ row, field: i.path, message: i.message }));
  if (errors.length || !stage) return { errors };
  return { errors, deal: { write, title: parsed.data.title!, currency: parsed.data.currency ?? lookups.currency, stage, contactId: contact?.id ?? null } };
}

/**
 * Deals row by row, each under its own savepoint, as POST /deals makes them: pipeline and stage
 * named in the file (else the first pipeline and its first stage), the company by name or domain,
 * the contact by email. Deals have no key to match on, so every row creates one.
 */
export async function processDealBatch(trx: Executor, s: BatchSettings, records: { record: string[]; row: number }[]): Promise<KindResult> {
  const ws = s.actor.workspaceId;
  const out: KindResult = { created: 0, updated: 0, failed: 0, errors: [] };
  for (const { record, row } of records) {
    const { errors, deal } = await parseDealRow(trx, s, record, row);
    const refused = deal && await writeRow(trx, async () => {
      const { write, title, currency, stage, contactId } = deal;
      const id = await deals.insertDeal(trx, ws, { ...write, title, currency, pipeline_id: stage.pipeline_id, stage_id: stage.id });
      if (contactId) await deals.setDealContacts(trx, ws, id, [contactId]);
      const created = presentDeal((await deals.findDeal(trx, ws, id))!);
      await enterStage(trx, ws, { dealId: id, fromStageId: null, toStageId: stage.id, actorUserId: s.actor.userId, at: created.stageEnteredAt });
      await recordDealEvent(trx, s.actor, refOf(created), 'deal_created', { stage: stage.name, value: created.value, currency, importId: s.importId, row });
      await insertAuditMany(trx, s.actor, [{ entity: 'deal', entityId: id, action: 'create', after: { ...created, source: 'import', importId: s.importId, row } }]);
    });
    if (refused) errors.push({ row, field: null, message: refused });
    out.errors.push(...errors);
    if (errors.length) out.failed++;
    else out.created++;
  }
  return out;
}
