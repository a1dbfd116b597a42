// How each timeline event reads, as text: one renderer per kind declared in
// src/modules/timeline/event-kinds.ts (render-event.test walks that registry and fails on a kind
// that has none). Pure functions; the icons are in activity/timelineKinds.tsx.
import { humanize } from '../lib/format';
import { SOURCE_LABEL } from '../lists/consentLabels';
import { changeOf } from './render-fields';
import { ACTIVITY_RENDERERS, DEAL_RENDERERS } from './render-sales';
import { ORDER_RENDERERS } from './render-orders';
import { DELIVERY_RENDERERS, TICKET_RENDERERS } from './render-support';
import { WEB_RENDERERS } from './render-web';
import { dataOf, joined, money, nameOf, plain, properties, str, text, type RenderContext, type RenderedEvent, type Renderer, type TimelineEventLike } from './event-text';

const list = (e: TimelineEventLike) => {
  const d = dataOf(e);
  const name = nameOf(e, 'list', d.listId, d.listName, '');
  return name ? `“${name}”` : 'a list';
};
const via = (e: TimelineEventLike) => {
  const source = str(dataOf(e).source);
  return source ? `via ${((SOURCE_LABEL as Record<string, string>)[source] ?? humanize(source)).toLowerCase()}` : null;
};
const consentScope = (e: TimelineEventLike) => (dataOf(e).listId != null || dataOf(e).listName ? list(e) : 'all email');
const contact = (e: TimelineEventLike) => nameOf(e, 'contact', dataOf(e).contactId, dataOf(e).name, 'A contact');

const CONTACT_RENDERERS: Record<string, Renderer> = {
  created: (e) => {
    const source = str(dataOf(e).source);
    return text('Created', source && source !== 'api' ? `via ${(SOURCE_LABEL as Record<string, string>)[source]?.toLowerCase() ?? humanize(source).toLowerCase()}` : null);
  },
  field_changed: (e, c) => {
    const change = changeOf(e, c);
    return { title: [`Changed ${change.label.toLowerCase()}`], detail: null, changes: [change] };
  },
  tag_added: (e) => text(`Tag added: ${str(dataOf(e).tag) || plain(dataOf(e).tags)}`),
  tag_removed: (e) => text(`Tag removed: ${str(dataOf(e).tag) || plain(dataOf(e).tags)}`),
  merged: (e) => text(`Merged with ${str(dataOf(e).mergedName) || 'a duplicate'}`, joined([str(dataOf(e).mergedEmail), dataOf(e).mergedEmail ? 'kept as a secondary email' : ''], ', ')),
  imported: (e) => text(dataOf(e).action === 'updated' ? 'Updated by an import' : 'Imported', joined([`from ${nameOf(e, 'import', dataOf(e).importId, null, 'a file')}`, dataOf(e).row ? `row ${str(dataOf(e).row)}` : ''], ', ')),
  contact_linked: (e) => text(`${contact(e)} joined`),
  contact_deleted: (e) => text(`Contact deleted: ${str(dataOf(e).name) || 'a contact'}`),
  note_added: (e) => text('Note added', str(dataOf(e).body) || null),
  note_deleted: () => text('Note deleted'),
};

const AUDIENCE_RENDERERS: Record<string, Renderer> = {
  list_subscribed: (e) => text(`Subscribed to ${list(e)}`, via(e)),
  list_pending: (e) => text(`Awaiting confirmation for ${list(e)}`, via(e)),
  list_unsubscribed: (e) => text(dataOf(e).removed ? `Removed from ${list(e)}` : `Unsubscribed from ${list(e)}`, via(e)),
  consent_granted: (e) => text(`Consent recorded for ${consentScope(e)}`, via(e)),
  consent_withdrawn: (e) => text(`Consent withdrawn for ${consentScope(e)}`, via(e)),
  form_submitted: (e) => {
    const ids = Array.isArray(dataOf(e).listIds) ? (dataOf(e).listIds as unknown[]) : [];
    const lists = ids.map((id) => e.refs?.[`list:${String(id)}`]).filter(Boolean);
    return text(dataOf(e).formName ? `Signed up with “${str(dataOf(e).formName)}”` : 'Signed up with a form', lists.length ? `to ${lists.join(', ')}` : null);
  },
};

// Email and commerce payloads come from outside: known properties first, the rest as "key: value".
const MARKETING_RENDERERS: Record<string, Renderer> = {
  email_sent: (e) => text(`Email sent${dataOf(e).subject ? `: ${str(dataOf(e).subject)}` : ''}`, properties(dataOf(e), ['subject'])),
  email_opened: (e) => text(`Email opened${dataOf(e).subject ? `: ${str(dataOf(e).subject)}` : ''}`, properties(dataOf(e), ['subject'])),
  email_clicked: (e) => text(`Link clicked${dataOf(e).url ? `: ${str(dataOf(e).url)}` : ''}`, properties(dataOf(e), ['url'])),
  purchase: (e) => text(`Purchase${typeof dataOf(e).amount === 'number' ? ` of ${money(dataOf(e).amount, dataOf(e).currency)}` : ''}`, properties(dataOf(e), ['amount', 'currency'])),
};

export const RENDERERS: Record<string, Renderer> = {
  ...CONTACT_RENDERERS, ...DEAL_RENDERERS, ...ACTIVITY_RENDERERS, ...AUDIENCE_RENDERERS, ...MARKETING_RENDERERS,
  ...DELIVERY_RENDERERS, ...TICKET_RENDERERS, ...WEB_RENDERERS,
  ...DELIVERY_RENDERERS, ...TICKET_RENDERERS, ...ORDER_RENDERERS,
};

export function renderEvent(e: TimelineEventLike, c: RenderContext = {}): RenderedEvent {
  const renderer = Object.hasOwn(RENDERERS, e.kind) ? RENDERERS[e.kind] : undefined;
  if (renderer) return renderer(e, c);
  // Custom events from the events API and the snippet carry their raw name (`eventName`).
  if (e.kind.startsWith('custom.')) return text(str(dataOf(e).eventName) || humanize(e.kind.slice('custom.'.length)), properties(dataOf(e), ['eventName', 'eventId']));
  // A kind this build does not know (a newer server): its name and its properties, still not JSON.
  return { ...text(humanize(e.kind), properties(dataOf(e))), fallback: true };
}

/** The title as plain text (for tests and accessible names). */
export const titleText = (r: RenderedEvent) => r.title.map((p) => (typeof p === 'string' ? p : p.text)).join('');
