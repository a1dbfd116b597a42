import type { FieldIssue } from '../../lib/app-error.js';
import { diffRecord, type FieldChange } from '../../lib/record-diff.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { mergeCustomValues, validateCustomValues } from '../custom-fields/custom-values.js';
import type { DealRow, DealWrite } from './deals.repo.js';
import type { UpdateDealInput } from './deals.schema.js';

/** API input → columns, checking custom values against the deal field definitions. Pure. */
export function buildDealWrite(input: UpdateDealInput & { pipelineId?: number; stageId?: number }, defs: FieldDefinition[], existing: Pick<DealRow, 'custom'> | null) {
  const write: DealWrite = {};
  if (input.title !== undefined) write.title = input.title;
  if (input.value !== undefined) write.value = input.value;
  if (input.currency !== undefined) write.currency = input.currency;
  if (input.expectedCloseDate !== undefined) write.expected_close_date = input.expectedCloseDate ?? null;
  if (input.ownerId !== undefined) write.owner_id = input.ownerId ?? null;
  if (input.companyId !== undefined) write.company_id = input.companyId ?? null;
  if (input.tags !== undefined) write.tags = input.tags;
  const issues: FieldIssue[] = [];
  if (input.custom !== undefined || !existing) {
    const checked = validateCustomValues(defs, input.custom ?? {}, existing ? 'update' : 'create');
    issues.push(...checked.issues);
    write.custom = mergeCustomValues(existing?.custom ?? {}, checked.values);
  }
  return { write, issues };
}

const TRACKED = [
  ['title', 'title'], ['value', 'value'], ['currency', 'currency'], ['expected_close_date', 'expectedCloseDate'],
  ['owner_id', 'ownerId'], ['company_id', 'companyId'],
] as const;

export function diffDeal(before: DealRow, write: DealWrite): FieldChange[] {
  return diffRecord(before, write, TRACKED);
}

const days = (from: Date, to: Date) => Math.round(((to.getTime() - from.getTime()) / 86_400_000) * 10) / 10;

export function presentDeal(r: DealRow) {
  return {
    id: r.id,
    title: r.title,
    value: Number(r.value),
    currency: r.currency,
    expectedCloseDate: r.expected_close_date,
    status: r.status,
    pipelineId: r.pipeline_id,
    pipeline: { id: r.pipeline_id, name: r.pipeline_name },
    stageId: r.stage_id,
    stage: { id: r.stage_id, name: r.stage_name, probability: r.stage_probability },
    ownerId: r.owner_id,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    companyId: r.company_id,
    company: r.company_id ? { id: r.company_id, name: r.company_name ?? '' } : null,
    contactIds: r.contacts.map((c) => c.id),
    contacts: r.contacts,
    tags: r.tags,
    custom: r.custom,
    lostReasonId: r.lost_reason_id,
    lostReason: r.lost_reason_id ? { id: r.lost_reason_id, label: r.lost_reason_label ?? '' } : null,
    lostNote: r.lost_note,
    wonAt: r.won_at,
    lostAt: r.lost_at,
    closedAt: r.closed_at,
    stageEnteredAt: r.stage_entered_at,
    /** Days from creation to won/lost; null while open. */
    salesCycleDays: r.closed_at ? days(r.created_at, r.closed_at) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type DealOut = ReturnType<typeof presentDeal>;
