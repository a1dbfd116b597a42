// Field changes (field_changed, deal_field_changed): the field's label and its values, ids as names.
import { formatDate, humanize } from '../lib/format';
import { dataOf, nameOf, plain, str, type FieldChangeText, type RenderContext, type TimelineEventLike } from './event-text';

const REF_FIELDS: Record<string, { kind: string; label: string; noun: string }> = {
  ownerId: { kind: 'user', label: 'Owner', noun: 'a user' },
  companyId: { kind: 'company', label: 'Company', noun: 'a company' },
};
const LABELS: Record<string, string> = { expectedCloseDate: 'Close date', birthday: 'Birthday', firstName: 'First name', lastName: 'Last name' };
const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;

function valueText(e: TimelineEventLike, field: string, v: unknown): string {
  const ref = REF_FIELDS[field];
  if (ref) return v == null ? '—' : nameOf(e, ref.kind, v, null, ref.noun);
  if (typeof v === 'string' && DATE.test(v)) return formatDate(v);
  return plain(v);
}

export function changeOf(e: TimelineEventLike, c: RenderContext): FieldChangeText {
  const d = dataOf(e);
  const field = str(d.field);
  const label = REF_FIELDS[field]?.label ?? LABELS[field] ?? c.fieldLabels?.[field] ?? humanize(field || 'a field');
  return { field, label, before: valueText(e, field, d.before), after: valueText(e, field, d.after) };
}
