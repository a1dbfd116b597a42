// How each timeline event kind is shown: an icon, a colour and a one-line label.
import {
  IconArrowMerge, IconCirclePlus, IconEdit, IconFileImport, IconMail, IconNote, IconPoint, IconTag, IconTagOff, IconTrash,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { formatValue, humanize } from '../lib/format';
import type { TimelineEvent } from './api';

interface KindView {
  icon: ReactNode;
  color: string;
  label: (e: TimelineEvent) => ReactNode;
}

const s = 14;
const d = (e: TimelineEvent) => (e.data ?? {}) as Record<string, unknown>;
const str = (v: unknown) => (v == null ? '' : String(v));

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** field_changed may carry one change ({field,before,after}) or a list ({changes:[…]}). */
export function fieldChanges(e: TimelineEvent): FieldChange[] {
  const data = d(e);
  if (Array.isArray(data.changes)) return data.changes as FieldChange[];
  if (data.field) return [{ field: str(data.field), before: data.before, after: data.after }];
  if (data.before && data.after && typeof data.before === 'object' && typeof data.after === 'object') {
    const b = data.before as Record<string, unknown>;
    const a = data.after as Record<string, unknown>;
    return Object.keys({ ...b, ...a }).map((field) => ({ field, before: b[field], after: a[field] }));
  }
  return [];
}

export const KINDS: Record<string, KindView> = {
  created: { icon: <IconCirclePlus size={s} />, color: 'teal', label: () => 'Created' },
  field_changed: {
    icon: <IconEdit size={s} />, color: 'indigo',
    label: (e) => {
      const ch = fieldChanges(e);
      return ch.length === 1 ? `Changed ${humanize(ch[0].field)}` : `Changed ${ch.length || ''} fields`.replace('  ', ' ');
    },
  },
  updated: { icon: <IconEdit size={s} />, color: 'indigo', label: () => 'Updated' },
  note_added: { icon: <IconNote size={s} />, color: 'yellow', label: () => 'Note added' },
  tag_added: { icon: <IconTag size={s} />, color: 'grape', label: (e) => `Tag added: ${str(d(e).tag ?? d(e).tags)}` },
  tag_removed: { icon: <IconTagOff size={s} />, color: 'gray', label: (e) => `Tag removed: ${str(d(e).tag ?? d(e).tags)}` },
  imported: { icon: <IconFileImport size={s} />, color: 'cyan', label: (e) => `Imported${d(e).filename ? ` from ${str(d(e).filename)}` : ''}` },
  merged: {
    icon: <IconArrowMerge size={s} />, color: 'orange',
    label: (e) => `Merged with ${str(d(e).duplicateName ?? d(e).mergedName ?? (d(e).duplicateId ? `#${str(d(e).duplicateId)}` : 'a duplicate'))}`,
  },
  deleted: { icon: <IconTrash size={s} />, color: 'red', label: () => 'Deleted' },
  email_sent: { icon: <IconMail size={s} />, color: 'blue', label: () => 'Email sent' },
};

export function kindView(kind: string): KindView {
  return KINDS[kind] ?? { icon: <IconPoint size={s} />, color: 'gray', label: () => humanize(kind) };
}

export { formatValue };
