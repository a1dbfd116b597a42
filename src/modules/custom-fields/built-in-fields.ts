import type { FieldIssue } from '../../lib/app-error.js';
import type { CustomFieldEntity } from './custom-fields.schema.js';

/**
 * The fields every record of an entity already has, as the API names them and as the app labels
 * them. A custom field taking one of these keys or labels would show up twice in forms, columns
 * and filters ("Birthday" and "Birthday"), so definitions may not reuse them.
 */
const COMMON = [['id', 'ID'], ['ownerId', 'Owner'], ['tags', 'Tags'], ['createdAt', 'Created'], ['updatedAt', 'Updated']] as const;
export const BUILT_IN_FIELDS: Record<CustomFieldEntity, readonly (readonly [key: string, label: string])[]> = {
  contact: [
    ['firstName', 'First name'], ['lastName', 'Last name'], ['fullName', 'Name'], ['email', 'Email'], ['phone', 'Phone'],
    ['jobTitle', 'Job title'], ['birthday', 'Birthday'], ['companyId', 'Company'], ...COMMON,
  ],
  company: [['name', 'Name'], ['domain', 'Domain'], ['phone', 'Phone'], ['industry', 'Industry'], ...COMMON],
  deal: [
    ['title', 'Title'], ['value', 'Value'], ['currency', 'Currency'], ['expectedCloseDate', 'Expected close date'],
    ['pipelineId', 'Pipeline'], ['stageId', 'Stage'], ['companyId', 'Company'], ['contactIds', 'Contacts'], ['status', 'Status'], ...COMMON,
  ],
};

/** snake_case, camelCase, spaces and case all compare alike: `first_name`, `FirstName` and "First name" are one field. */
const fold = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

/** The issues of a key and label that would shadow a built-in field of the entity. */
export function builtInClashes(entity: CustomFieldEntity, key: string | undefined, label: string | undefined): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const fields = BUILT_IN_FIELDS[entity];
  const byKey = key === undefined ? undefined : fields.find(([k, l]) => fold(k) === fold(key) || fold(l) === fold(key));
  if (byKey) issues.push({ path: 'key', message: `"${key}" is the built-in ${entity} field "${byKey[1]}"; choose another key` });
  const byLabel = label === undefined ? undefined : fields.find(([k, l]) => fold(l) === fold(label) || fold(k) === fold(label));
  if (byLabel) issues.push({ path: 'label', message: `"${label}" is the label of the built-in ${entity} field "${byLabel[1]}"; choose another label` });
  return issues;
}
