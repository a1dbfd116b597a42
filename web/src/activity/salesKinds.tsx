// Timeline kinds written by deals (src/modules/deals/deal-events.ts) and activities (activity-events.ts).
import {
  IconArrowBackUp, IconArrowRight, IconCircleCheck, IconCoin, IconCoinOff, IconEdit, IconLink, IconListDetails,
  IconTags, IconThumbDown, IconTrash, IconTrophy,
} from '@tabler/icons-react';
import { AnchorLink } from '../components/links';
import { formatDateTime, humanize } from '../lib/format';
import type { TimelineEvent } from './api';
import type { KindView } from './timelineKinds';

const s = 14;
const d = (e: TimelineEvent) => (e.data ?? {}) as Record<string, unknown>;
const str = (v: unknown) => (v == null ? '' : String(v));
const money = (value: unknown, currency: unknown) => {
  if (typeof value !== 'number' || typeof currency !== 'string') return '';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
};
const days = (seconds: unknown) => {
  if (typeof seconds !== 'number') return '';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
};

/** The deal's title as a link (on contact and company timelines it says which deal). */
function DealLink({ e }: { e: TimelineEvent }) {
  const id = d(e).dealId;
  const title = str(d(e).title) || `#${str(id)}`;
  return typeof id === 'number' ? <AnchorLink to="/deals/$id" params={{ id: String(id) }} fz="sm" fw={500}>{title}</AnchorLink> : <>{title}</>;
}

export const DEAL_KINDS: Record<string, KindView> = {
  deal_created: {
    icon: <IconCoin size={s} />, color: 'teal', label: (e) => <>Deal created: <DealLink e={e} /></>,
    detail: (e) => [money(d(e).value, d(e).currency), d(e).stage ? `in ${str(d(e).stage)}` : ''].filter(Boolean).join(' ') || null,
  },
  deal_field_changed: {
    icon: <IconEdit size={s} />, color: 'indigo',
    label: (e) => `Changed ${({ ownerId: 'owner', companyId: 'company', expectedCloseDate: 'close date' } as Record<string, string>)[str(d(e).field)] ?? humanize(str(d(e).field)).toLowerCase()}`,
  },
  deal_tags_changed: {
    icon: <IconTags size={s} />, color: 'grape', label: () => 'Tags changed',
    detail: (e) => {
      const added = (d(e).added as string[] | undefined) ?? [];
      const removed = (d(e).removed as string[] | undefined) ?? [];
      return [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join('; ') || null;
    },
  },
  deal_linked: { icon: <IconLink size={s} />, color: 'teal', label: (e) => <>Linked to deal <DealLink e={e} /></>, detail: (e) => (d(e).stage ? `in ${str(d(e).stage)}` : null) },
  deal_deleted: { icon: <IconTrash size={s} />, color: 'red', label: (e) => `Deal deleted: ${str(d(e).title)}` },
  deal_stage_changed: {
    icon: <IconArrowRight size={s} />, color: 'blue', label: (e) => <><DealLink e={e} /> moved to {str(d(e).toStage)}</>,
    detail: (e) => `from ${str(d(e).fromStage)}${d(e).secondsInStage != null ? ` after ${days(d(e).secondsInStage)}` : ''}`,
  },
  deal_won: {
    icon: <IconTrophy size={s} />, color: 'teal', label: (e) => <>Deal won: <DealLink e={e} /></>,
    detail: (e) => [money(d(e).value, d(e).currency), d(e).salesCycleDays != null ? `${str(d(e).salesCycleDays)} days from creation` : ''].filter(Boolean).join(' · ') || null,
  },
  deal_lost: {
    icon: <IconThumbDown size={s} />, color: 'red', label: (e) => <>Deal lost: <DealLink e={e} /></>,
    detail: (e) => [d(e).reason ? str(d(e).reason) : '', d(e).note ? str(d(e).note) : ''].filter(Boolean).join(' — ') || null,
  },
  deal_reopened: { icon: <IconArrowBackUp size={s} />, color: 'blue', label: (e) => <>Deal reopened: <DealLink e={e} /></>, detail: (e) => (d(e).previousStatus ? `was ${str(d(e).previousStatus)}` : null) },
  deal_cost_added: { icon: <IconCoin size={s} />, color: 'orange', label: (e) => `Cost added: ${str(d(e).label)}`, detail: (e) => money(d(e).amount, d(e).currency) || null },
  deal_cost_removed: { icon: <IconCoinOff size={s} />, color: 'gray', label: (e) => `Cost removed: ${str(d(e).label)}`, detail: (e) => (typeof d(e).amount === 'number' ? str(d(e).amount) : null) },
};

const CREATED: Record<string, string> = { call: 'Call logged', meeting: 'Meeting scheduled', task: 'Task added' };
const NOUN: Record<string, string> = { call: 'Call', meeting: 'Meeting', task: 'Task' };
const subject = (e: TimelineEvent) => [str(d(e).subject), d(e).dueAt ? `due ${formatDateTime(str(d(e).dueAt))}` : ''].filter(Boolean).join(' · ') || null;

export const ACTIVITY_KINDS: Record<string, KindView> = {
  activity_created: {
    icon: <IconListDetails size={s} />, color: 'blue',
    label: (e) => (d(e).followUpOf ? 'Follow-up scheduled' : CREATED[str(d(e).type)] ?? 'Activity added'),
    detail: subject,
  },
  activity_completed: { icon: <IconCircleCheck size={s} />, color: 'teal', label: (e) => `${NOUN[str(d(e).type)] ?? 'Activity'} done`, detail: subject },
  activity_reopened: { icon: <IconArrowBackUp size={s} />, color: 'gray', label: (e) => `${NOUN[str(d(e).type)] ?? 'Activity'} reopened`, detail: subject },
  activity_updated: { icon: <IconEdit size={s} />, color: 'indigo', label: (e) => `${NOUN[str(d(e).type)] ?? 'Activity'} updated`, detail: subject },
  activity_deleted: { icon: <IconTrash size={s} />, color: 'red', label: (e) => `${NOUN[str(d(e).type)] ?? 'Activity'} deleted`, detail: subject },
};
