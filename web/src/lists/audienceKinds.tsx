// Timeline kinds written by lists, consents and sign-up forms (the list is src/modules/audience/event-kinds.ts).
import { IconForms, IconMailCheck, IconMailOff, IconMailQuestion, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import type { TimelineEvent } from '../activity/api';
import type { KindView } from '../activity/timelineKinds';
import { SOURCE_LABEL } from './consentLabels';
import type { ConsentSource } from './api';

const s = 14;
const d = (e: TimelineEvent) => (e.data ?? {}) as Record<string, unknown>;
const list = (e: TimelineEvent) => (d(e).listName ? `“${String(d(e).listName)}”` : 'a list');
const via = (e: TimelineEvent) => {
  const source = d(e).source as ConsentSource | undefined;
  return source ? `via ${(SOURCE_LABEL[source] ?? source).toLowerCase()}` : null;
};

export const AUDIENCE_KINDS: Record<string, KindView> = {
  list_subscribed: { icon: <IconMailCheck size={s} />, color: 'green', label: (e) => `Subscribed to ${list(e)}`, detail: via },
  list_pending: { icon: <IconMailQuestion size={s} />, color: 'yellow', label: (e) => `Awaiting confirmation for ${list(e)}`, detail: via },
  list_unsubscribed: { icon: <IconMailOff size={s} />, color: 'gray', label: (e) => `Unsubscribed from ${list(e)}`, detail: via },
  consent_granted: {
    icon: <IconShieldCheck size={s} />, color: 'green', detail: via,
    label: (e) => `Consent recorded for ${d(e).listName ? list(e) : 'all email'}`,
  },
  consent_withdrawn: {
    icon: <IconShieldX size={s} />, color: 'red', detail: via,
    label: (e) => `Consent withdrawn for ${d(e).listName ? list(e) : 'all email'}`,
  },
  form_submitted: {
    icon: <IconForms size={s} />, color: 'indigo',
    label: (e) => (d(e).formName ? `Signed up with “${String(d(e).formName)}”` : 'Signed up with a form'),
  },
};
