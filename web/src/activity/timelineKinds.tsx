// How each timeline event kind is shown: an icon, a colour and a one-line label.
import {
  IconArrowMerge, IconCirclePlus, IconEdit, IconFileImport, IconLink, IconMail, IconNote, IconNoteOff, IconPoint, IconTag,
  IconTagOff, IconTrash, IconUserMinus,
} from '@tabler/icons-react';
import { AUDIENCE_KINDS } from '../lists/audienceKinds';
import { ACTIVITY_KINDS, DEAL_KINDS } from './salesKinds';
import type { ReactNode } from 'react';
import { humanize } from '../lib/format';
import type { TimelineEvent } from './api';

export interface KindView {
  icon: ReactNode;
  color: string;
  label: (e: TimelineEvent) => ReactNode;
  /** Optional second line (dimmed); kinds without one show nothing more. */
  detail?: (e: TimelineEvent) => string | null;
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
  created: {
    icon: <IconCirclePlus size={s} />, color: 'teal', label: () => 'Created',
    detail: (e) => (d(e).source && d(e).source !== 'api' ? `via ${str(d(e).source)}` : null),
  },
  field_changed: {
    icon: <IconEdit size={s} />, color: 'indigo',
    label: (e) => {
      const ch = fieldChanges(e);
      const REFS: Record<string, string> = { companyId: 'company', ownerId: 'owner' };
      return ch.length === 1 ? `Changed ${REFS[ch[0].field] ?? humanize(ch[0].field).toLowerCase()}` : `Changed ${ch.length} fields`;
    },
  },
  updated: { icon: <IconEdit size={s} />, color: 'indigo', label: () => 'Updated' },
  note_added: { icon: <IconNote size={s} />, color: 'yellow', label: () => 'Note added', detail: (e) => (d(e).body ? str(d(e).body) : null) },
  note_deleted: { icon: <IconNoteOff size={s} />, color: 'gray', label: () => 'Note deleted' },
  tag_added: { icon: <IconTag size={s} />, color: 'grape', label: (e) => `Tag added: ${str(d(e).tag ?? d(e).tags)}` },
  tag_removed: { icon: <IconTagOff size={s} />, color: 'gray', label: (e) => `Tag removed: ${str(d(e).tag ?? d(e).tags)}` },
  imported: {
    icon: <IconFileImport size={s} />, color: 'cyan',
    label: (e) => (d(e).action === 'updated' ? 'Updated by an import' : 'Imported'),
    detail: (e) => [d(e).filename ? `from ${str(d(e).filename)}` : d(e).importId ? `import #${str(d(e).importId)}` : '', d(e).row ? `row ${str(d(e).row)}` : '']
      .filter(Boolean).join(', ') || null,
  },
  merged: {
    icon: <IconArrowMerge size={s} />, color: 'orange',
    label: (e) => `Merged with ${str(d(e).mergedName || d(e).duplicateName || (d(e).mergedContactId ?? d(e).duplicateId ? `#${str(d(e).mergedContactId ?? d(e).duplicateId)}` : 'a duplicate'))}`,
    detail: (e) => (d(e).mergedEmail ? str(d(e).mergedEmail) : null),
  },
  deleted: { icon: <IconTrash size={s} />, color: 'red', label: () => 'Deleted' },
  contact_linked: { icon: <IconLink size={s} />, color: 'teal', label: (e) => `${str(d(e).name) || 'A contact'} joined` },
  contact_unlinked: { icon: <IconUserMinus size={s} />, color: 'gray', label: (e) => `${str(d(e).name) || 'A contact'} left` },
  contact_deleted: { icon: <IconUserMinus size={s} />, color: 'red', label: (e) => `Contact deleted: ${str(d(e).name) || `#${str(d(e).contactId)}`}` },
  email_sent: { icon: <IconMail size={s} />, color: 'blue', label: () => 'Email sent' },
  ...DEAL_KINDS,
  ...ACTIVITY_KINDS,
  ...AUDIENCE_KINDS,
};

export function kindView(kind: string): KindView {
  return KINDS[kind] ?? { icon: <IconPoint size={s} />, color: 'gray', label: () => humanize(kind) };
}

