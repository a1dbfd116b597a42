// What a condition may say: fields by kind and the operators per kind, mirroring
// src/modules/segments/segment-fields.ts (the server checks again and names the node).
import type { CustomField, CustomFieldType } from '../settings/api';

export type FieldKind = CustomFieldType | 'timestamp';

export const OPS_BY_KIND: Record<FieldKind, string[]> = {
  text: ['eq', 'neq', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'before', 'after', 'between', 'inLast', 'inNext', 'anniversaryInNext', 'isEmpty', 'isNotEmpty'],
  timestamp: ['before', 'after', 'between', 'inLast', 'inNext'],
  boolean: ['eq', 'isEmpty', 'isNotEmpty'],
  select: ['anyOf', 'noneOf', 'isEmpty', 'isNotEmpty'],
  multiselect: ['anyOf', 'allOf', 'noneOf', 'isEmpty', 'isNotEmpty'],
};

const OP_LABELS: Record<string, string> = {
  eq: 'is', neq: 'is not', contains: 'contains', startsWith: 'starts with', isEmpty: 'is empty', isNotEmpty: 'is not empty',
  lt: 'less than', lte: 'at most', gt: 'greater than', gte: 'at least', between: 'between',
  before: 'before', after: 'after', inLast: 'in the last', inNext: 'in the next', anniversaryInNext: 'anniversary in the next',
  anyOf: 'is any of', allOf: 'has all of', noneOf: 'is none of',
};
const KIND_LABELS: Partial<Record<FieldKind, Record<string, string>>> = {
  number: { eq: 'equals', neq: 'does not equal' },
  date: { eq: 'is on' },
  multiselect: { anyOf: 'has any of', noneOf: 'has none of' },
};
export const opLabel = (kind: FieldKind, op: string) => KIND_LABELS[kind]?.[op] ?? OP_LABELS[op] ?? op;
export const opsFor = (kind: FieldKind) => OPS_BY_KIND[kind].map((op) => ({ value: op, label: opLabel(kind, op) }));

export type ValueShape = 'none' | 'scalar' | 'range' | 'days' | 'options';
export function valueShape(op: string | undefined): ValueShape {
  if (!op || op === 'isEmpty' || op === 'isNotEmpty') return 'none';
  if (op === 'between') return 'range';
  if (op === 'inLast' || op === 'inNext' || op === 'anniversaryInNext') return 'days';
  if (op === 'anyOf' || op === 'allOf' || op === 'noneOf') return 'options';
  return 'scalar';
}

export interface FieldDef {
  value: string;
  label: string;
  kind: FieldKind;
  options: string[];
}

const CONTACT_FIELDS: FieldDef[] = [
  { value: 'firstName', label: 'First name', kind: 'text', options: [] },
  { value: 'lastName', label: 'Last name', kind: 'text', options: [] },
  { value: 'fullName', label: 'Full name', kind: 'text', options: [] },
  { value: 'email', label: 'Email', kind: 'text', options: [] },
  { value: 'phone', label: 'Phone', kind: 'text', options: [] },
  { value: 'jobTitle', label: 'Job title', kind: 'text', options: [] },
  { value: 'birthday', label: 'Birthday', kind: 'date', options: [] },
  { value: 'createdAt', label: 'Created', kind: 'timestamp', options: [] },
  { value: 'updatedAt', label: 'Updated', kind: 'timestamp', options: [] },
];
const COMPANY_FIELDS: FieldDef[] = [
  { value: 'name', label: 'Name', kind: 'text', options: [] },
  { value: 'domain', label: 'Domain', kind: 'text', options: [] },
  { value: 'industry', label: 'Industry', kind: 'text', options: [] },
];

/** Built-ins plus the workspace's custom fields (`custom.<key>`) of the contact or its company. */
export function fieldCatalogue(entity: 'contact' | 'company', custom: CustomField[] | undefined): FieldDef[] {
  const builtIn = entity === 'contact' ? CONTACT_FIELDS : COMPANY_FIELDS;
  return [...builtIn, ...(custom ?? []).map((f) => ({ value: `custom.${f.key}`, label: f.label, kind: f.type as FieldKind, options: f.options }))];
}

export const fieldSelectData = (fields: FieldDef[]) => {
  const builtIn = fields.filter((f) => !f.value.startsWith('custom.'));
  const custom = fields.filter((f) => f.value.startsWith('custom.'));
  return [
    { group: 'Built-in', items: builtIn.map(({ value, label }) => ({ value, label })) },
    ...(custom.length ? [{ group: 'Custom fields', items: custom.map(({ value, label }) => ({ value, label })) }] : []),
  ];
};

export const CONDITION_TYPES = [
  { value: 'field', label: 'Contact field' },
  { value: 'company', label: 'Company field' },
  { value: 'tags', label: 'Tags' },
  { value: 'owner', label: 'Owner' },
  { value: 'event', label: 'Did or did not do' },
  { value: 'visited', label: 'Visited a page' },
  { value: 'tracked', label: 'Tracked event' },
  { value: 'segment', label: 'In segment' },
  { value: 'list', label: 'On list' },
  { value: 'consent', label: 'Consent' },
  { value: 'order', label: 'Orders' },
];

export const TAG_OPS = [
  { value: 'hasAny', label: 'has any of' },
  { value: 'hasAll', label: 'has all of' },
  { value: 'hasNone', label: 'has none of' },
];
export const OWNER_OPS = [
  { value: 'is', label: 'is' },
  { value: 'isNot', label: 'is not' },
  { value: 'isEmpty', label: 'has no owner' },
  { value: 'isNotEmpty', label: 'has an owner' },
];
export const LIST_OPS = [
  { value: 'member', label: 'is' },
  { value: 'notMember', label: 'is not' },
];
export const LIST_STATUSES = [
  { value: 'subscribed', label: 'subscribed' },
  { value: 'unsubscribed', label: 'unsubscribed' },
  { value: 'pending', label: 'pending' },
];
/** Consent for email; "no consent recorded" is asked as NOT granted. */
export const CONSENT_STATUSES = [
  { value: 'granted', label: 'granted' },
  { value: 'withdrawn', label: 'withdrawn' },
  { value: 'pending', label: 'pending' },
];
export const EVENT_OPS = [
  { value: 'did', label: 'did' },
  { value: 'didNot', label: 'did not' },
];
export const PROPERTY_OPS = [
  { value: 'eq', label: 'is' },
  { value: 'neq', label: 'is not' },
  { value: 'contains', label: 'contains' },
  { value: 'gt', label: 'greater than' },
  { value: 'lt', label: 'less than' },
];

/**
 * Event kinds come from the server (GET /segments/event-kinds, useEventKinds): only those the
 * user's role may test, from the registry that also decides what the timeline shows. Grouped for
 * the kind picker; any `custom.<name>` may be typed as well.
 */
export function groupEventKinds(kinds: { kind: string; group: string }[]) {
  const groups = new Map<string, string[]>();
  for (const k of kinds) groups.set(k.group, [...(groups.get(k.group) ?? []), k.kind]);
  return [...groups].map(([group, items]) => ({ group, items }));
}
