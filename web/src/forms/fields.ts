import type { CustomField } from '../settings/api';
import type { FieldKey, FormField } from './api';

export const EMAIL_FIELD: FormField = { key: 'email', label: 'Email', required: true };
const BUILT_IN: FormField[] = [
  { key: 'first_name', label: 'First name', required: false },
  { key: 'last_name', label: 'Last name', required: false },
  { key: 'phone', label: 'Phone', required: false },
];

/** Every field a form could add, built-ins first, then the workspace's contact custom fields. */
export function fieldChoices(custom: CustomField[] | undefined): FormField[] {
  return [...BUILT_IN, ...(custom ?? []).map((f) => ({ key: `custom.${f.key}` as FieldKey, label: f.label, required: false }))];
}

export const customKey = (key: FieldKey) => (key.startsWith('custom.') ? key.slice('custom.'.length) : null);

export function moveField(fields: FormField[], index: number, by: -1 | 1): FormField[] {
  const to = index + by;
  if (to < 0 || to >= fields.length) return fields;
  const next = [...fields];
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}
