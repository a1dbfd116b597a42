// Deal kinds (src/modules/deals/deal-events.ts) and activity kinds (activity-events.ts).
import { formatDateTime, humanize } from '../lib/format';
import { changeOf } from './render-fields';
import { dataOf, joined, money, nameOf, str, text, type Renderer, type TimelineEventLike, type TitlePart } from './event-text';

const days = (seconds: unknown) => {
  if (typeof seconds !== 'number') return '';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
};

/** The deal as a link when the reader may see it (the server resolved its title), else its stored title. */
function deal(e: TimelineEventLike): TitlePart {
  const d = dataOf(e);
  const id = d.dealId;
  const title = nameOf(e, 'deal', id, d.title, 'a deal');
  return typeof id === 'number' && e.refs?.[`deal:${id}`] ? { dealId: id, text: title } : title;
}

const FIELD_NAMES: Record<string, string> = { ownerId: 'owner', companyId: 'company', expectedCloseDate: 'close date', value: 'value' };

export const DEAL_RENDERERS: Record<string, Renderer> = {
  deal_created: (e) => ({ title: ['Deal created: ', deal(e)], detail: joined([money(dataOf(e).value, dataOf(e).currency), dataOf(e).stage ? `in ${str(dataOf(e).stage)}` : ''], ' ') }),
  deal_field_changed: (e, c) => {
    const change = changeOf(e, c);
    return { title: [`Changed ${FIELD_NAMES[change.field] ?? change.label.toLowerCase()} of `, deal(e)], detail: null, changes: [change] };
  },
  deal_tags_changed: (e) => {
    const added = Array.isArray(dataOf(e).added) ? (dataOf(e).added as unknown[]).map(str) : [];
    const removed = Array.isArray(dataOf(e).removed) ? (dataOf(e).removed as unknown[]).map(str) : [];
    return { title: ['Tags changed on ', deal(e)], detail: joined([added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''], '; ') };
  },
  deal_linked: (e) => ({ title: ['Linked to deal ', deal(e)], detail: dataOf(e).stage ? `in ${str(dataOf(e).stage)}` : null }),
  deal_deleted: (e) => text(`Deal deleted: ${str(dataOf(e).title) || 'a deal'}`),
  deal_stage_changed: (e) => ({
    title: [deal(e), ` moved to ${str(dataOf(e).toStage) || 'another stage'}`],
    detail: joined([dataOf(e).fromStage ? `from ${str(dataOf(e).fromStage)}` : '', dataOf(e).secondsInStage != null ? `after ${days(dataOf(e).secondsInStage)}` : ''], ' '),
  }),
  deal_won: (e) => ({ title: ['Deal won: ', deal(e)], detail: joined([money(dataOf(e).value, dataOf(e).currency), dataOf(e).salesCycleDays != null ? `${str(dataOf(e).salesCycleDays)} days from creation` : '']) }),
  deal_lost: (e) => ({ title: ['Deal lost: ', deal(e)], detail: joined([str(dataOf(e).reason), str(dataOf(e).note)], ' — ') }),
  deal_reopened: (e) => ({ title: ['Deal reopened: ', deal(e)], detail: dataOf(e).previousStatus ? `was ${str(dataOf(e).previousStatus)}` : null }),
  deal_cost_added: (e) => ({ title: [`Cost added to `, deal(e), `: ${str(dataOf(e).label) || 'a cost'}`], detail: money(dataOf(e).amount, dataOf(e).currency) || null }),
  deal_cost_removed: (e) => ({ title: [`Cost removed from `, deal(e), `: ${str(dataOf(e).label) || 'a cost'}`], detail: money(dataOf(e).amount, dataOf(e).currency) || null }),
};

const CREATED: Record<string, string> = { call: 'Call logged', meeting: 'Meeting scheduled', task: 'Task added' };
const NOUN: Record<string, string> = { call: 'Call', meeting: 'Meeting', task: 'Task' };
const noun = (e: TimelineEventLike) => NOUN[str(dataOf(e).type)] ?? (dataOf(e).type ? humanize(str(dataOf(e).type)) : 'Activity');
const subject = (e: TimelineEventLike) => {
  const d = dataOf(e);
  const onDeal = typeof d.dealId === 'number' && e.refs?.[`deal:${d.dealId}`] ? `on ${e.refs[`deal:${d.dealId}`]}` : '';
  return joined([str(d.subject), d.dueAt ? `due ${formatDateTime(str(d.dueAt))}` : '', onDeal]);
};

export const ACTIVITY_RENDERERS: Record<string, Renderer> = {
  activity_created: (e) => text(dataOf(e).followUpOf ? 'Follow-up scheduled' : CREATED[str(dataOf(e).type)] ?? 'Activity added', subject(e)),
  activity_completed: (e) => text(`${noun(e)} done`, subject(e)),
  activity_reopened: (e) => text(`${noun(e)} reopened`, subject(e)),
  activity_updated: (e) => text(`${noun(e)} updated`, subject(e)),
  activity_deleted: (e) => text(`${noun(e)} deleted`, subject(e)),
};
