import type { CustomValues } from '../../db/schema.js';
import type { FieldIssue } from '../../lib/app-error.js';
import { diffRecord, type FieldChange } from '../../lib/record-diff.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { mergeCustomValues, validateCustomValues } from '../custom-fields/custom-values.js';
import type { ContactRow, ContactWrite } from './contacts.repo.js';
import type { UpdateContactInput } from './contacts.schema.js';
import { normalizeEmail, normalizePhone } from './normalize.js';

/**
 * Turns validated API input into the columns to write, checking custom values against their
 * definitions. Pure (no database), so the importer runs it on thousands of rows per batch.
 */
export function buildContactWrite(
  input: UpdateContactInput,
  defs: FieldDefinition[],
  existing: Pick<ContactRow, 'custom'> | null,
): { write: ContactWrite; issues: FieldIssue[] } {
  const write: ContactWrite = {};
  if (input.firstName !== undefined) write.first_name = input.firstName;
  if (input.lastName !== undefined) write.last_name = input.lastName;
  if (input.email !== undefined) {
    write.email = input.email ? input.email.toLowerCase() : null;
    write.email_normalized = normalizeEmail(write.email);
  }
  if (input.phone !== undefined) {
    write.phone = input.phone ?? null;
    write.phone_normalized = normalizePhone(write.phone);
  }
  if (input.jobTitle !== undefined) write.job_title = input.jobTitle ?? null;
  if (input.birthday !== undefined) write.birthday = input.birthday ?? null;
  if (input.companyId !== undefined) write.company_id = input.companyId ?? null;
  if (input.ownerId !== undefined) write.owner_id = input.ownerId ?? null;
  if (input.tags !== undefined) write.tags = input.tags;
  const issues: FieldIssue[] = [];
  if (input.custom !== undefined || !existing) {
    const checked = validateCustomValues(defs, input.custom ?? {}, existing ? 'update' : 'create');
    issues.push(...checked.issues);
    write.custom = mergeCustomValues((existing?.custom ?? {}) as CustomValues, checked.values);
  }
  return { write, issues };
}

const TRACKED = [
  ['first_name', 'firstName'], ['last_name', 'lastName'], ['email', 'email'], ['phone', 'phone'], ['job_title', 'jobTitle'],
  ['birthday', 'birthday'], ['company_id', 'companyId'], ['owner_id', 'ownerId'],
] as const;

/** The field changes a write makes to a stored contact, for the timeline and the audit log. */
export function diffContact(before: ContactRow, write: ContactWrite): FieldChange[] {
  return diffRecord(before, write, TRACKED);
}

export function presentContact(r: ContactRow) {
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    fullName: r.full_name,
    email: r.email,
    phone: r.phone,
    jobTitle: r.job_title,
    birthday: r.birthday,
    companyId: r.company_id,
    company: r.company_id ? { id: r.company_id, name: r.company_name ?? '' } : null,
    ownerId: r.owner_id,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    tags: r.tags,
    custom: r.custom,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type ContactOut = ReturnType<typeof presentContact>;
