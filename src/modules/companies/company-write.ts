import type { FieldIssue } from '../../lib/app-error.js';
import { diffRecord, type FieldChange } from '../../lib/record-diff.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { mergeCustomValues, validateCustomValues } from '../custom-fields/custom-values.js';
import type { CompanyRow, CompanyWrite } from './companies.repo.js';
import type { UpdateCompanyInput } from './companies.schema.js';

/**
 * Turns validated API input into the columns to write, checking custom values against the
 * workspace's company field definitions (on create, required fields must be given). Pure.
 */
export function buildCompanyWrite(input: UpdateCompanyInput, defs: FieldDefinition[], existing: Pick<CompanyRow, 'custom'> | null): { write: CompanyWrite; issues: FieldIssue[] } {
  const write: CompanyWrite = {};
  if (input.name !== undefined) write.name = input.name;
  if (input.domain !== undefined) write.domain = input.domain;
  if (input.phone !== undefined) write.phone = input.phone ?? null;
  if (input.industry !== undefined) write.industry = input.industry;
  if (input.ownerId !== undefined) write.owner_id = input.ownerId ?? null;
  if (input.tags !== undefined) write.tags = input.tags;
  if (input.custom === undefined && existing) return { write, issues: [] };
  const checked = validateCustomValues(defs, input.custom ?? {}, existing ? 'update' : 'create');
  write.custom = mergeCustomValues(existing?.custom ?? {}, checked.values);
  return { write, issues: checked.issues };
}

const TRACKED = [['name', 'name'], ['domain', 'domain'], ['phone', 'phone'], ['industry', 'industry'], ['owner_id', 'ownerId']] as const;

/** The field changes a write makes to a stored company, for the timeline and the audit log. */
export function diffCompany(before: CompanyRow, write: CompanyWrite): FieldChange[] {
  return diffRecord(before, write, TRACKED);
}

export function presentCompany(r: CompanyRow) {
  return {
    id: r.id,
    name: r.name,
    domain: r.domain,
    phone: r.phone,
    industry: r.industry,
    ownerId: r.owner_id,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    tags: r.tags,
    custom: r.custom,
    contactCount: r.contact_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type CompanyOut = ReturnType<typeof presentCompany>;
