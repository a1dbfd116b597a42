import type { Permission } from '../auth/permissions.js';

/**
 * The registry of timeline event kinds: every kind a module writes is declared here, once, with
 * what it takes to read it. The same declaration governs the timeline (which events a role sees,
 * and which properties of their data) and segments (which kinds and properties a condition may
 * test), so a kind cannot be hidden in one place and readable in the other.
 *
 * - `permission`: needed to read events of the kind. Kinds about the record itself need only the
 *   record's read permission (contacts:read, companies:read).
 * - `dealScoped`: the event names a deal in `data.dealId`; an actor who sees only some deals
 *   (a sales user limited to their own) sees only the events of those deals.
 * - `properties`: what `data` holds, typed; a property may need more than the kind (an activity's
 *   deal id is sales data). A segment may only test declared properties, unless `openData`
 *   (payloads from outside, such as a purchase's fields, whose properties are not fixed).
 *
 * Writers are held to it: `insertTimelineEvents` takes a `TimelineKind` (so a literal that is
 * not declared does not compile) and refuses an undeclared kind at run time; a test scans the
 * writers too (event-kinds.test.ts). Custom events from outside systems use the `custom.` prefix
 * (`custom.trial_started`) and read like the contact itself (contacts:read, any property).
 */
export type PropertyType = 'text' | 'number' | 'boolean' | 'any';
export interface PropertySpec {
  type: PropertyType;
  permission?: Permission;
}
export interface EventKindSpec {
  permission: Permission;
  dealScoped?: boolean;
  openData?: boolean;
  properties: Record<string, PropertySpec>;
  /** One line for the docs and the segment builder. */
  label: string;
}

const text: PropertySpec = { type: 'text' };
const num: PropertySpec = { type: 'number' };
const bool: PropertySpec = { type: 'boolean' };
const any: PropertySpec = { type: 'any' };

const contactKind = (label: string, properties: Record<string, PropertySpec>): EventKindSpec => ({ permission: 'contacts:read', label, properties });
const companyKind = (label: string, properties: Record<string, PropertySpec>): EventKindSpec => ({ permission: 'companies:read', label, properties });
const noteKind = (label: string, properties: Record<string, PropertySpec>): EventKindSpec => ({ permission: 'notes:read', label, properties });
const dealKind = (label: string, properties: Record<string, PropertySpec> = {}): EventKindSpec => ({
  permission: 'deals:read', dealScoped: true, label, properties: { dealId: num, title: text, ...properties },
});
// An activity may be linked to a deal: the deal id is sales data, and the event is hidden with
// the deal from a sales user who may not see that deal.
const activityProps = { activityId: num, type: text, subject: text, dueAt: text, done: bool, followUpOf: num, dealId: { type: 'number', permission: 'deals:read' } } satisfies Record<string, PropertySpec>;
const activityKind = (label: string): EventKindSpec => ({ permission: 'activities:read', dealScoped: true, label, properties: activityProps });
const listProps = { listId: num, listName: text, previous: text, removed: bool, source: text, formId: num };
const consentProps = { channel: text, listId: num, listName: text, source: text };
const ticketKind = (label: string, properties: Record<string, PropertySpec>): EventKindSpec => ({ permission: 'tickets:read', label, properties: { ticketId: num, ...properties } });
const orderProps = { orderId: num, externalId: text, source: text, status: text, total: num, refunded: num, currency: text, items: num };
const marketingKind = (label: string): EventKindSpec => ({ permission: 'contacts:read', openData: true, label, properties: {} });

export const EVENT_KINDS = {
  // contacts and companies (contacts.service, companies.service, contacts-merge, imports)
  created: contactKind('Created', { source: text, name: text, formId: num }),
  field_changed: contactKind('Field changed', { field: text, before: any, after: any }),
  tag_added: contactKind('Tag added', { tag: text }),
  tag_removed: contactKind('Tag removed', { tag: text }),
  merged: contactKind('Merged with a duplicate', { mergedContactId: num, mergedName: text, mergedEmail: text }),
  imported: contactKind('Imported', { importId: num, action: text, row: num }),
  contact_linked: companyKind('Contact linked to the company', { contactId: num, name: text }),
  contact_deleted: companyKind('Contact of the company deleted', { contactId: num, name: text }),
  // notes (notes.service)
  note_added: noteKind('Note added', { noteId: num, body: text }),
  note_deleted: noteKind('Note deleted', { noteId: num }),
  // deals (deal-events.ts: on the deal's own timeline and those of its contacts and company)
  deal_created: dealKind('Deal created', { stage: text, value: num, currency: text }),
  deal_field_changed: dealKind('Deal field changed', { field: text, before: any, after: any }),
  deal_tags_changed: dealKind('Deal tags changed', { added: any, removed: any }),
  deal_linked: dealKind('Deal linked', { stage: text }),
  deal_deleted: dealKind('Deal deleted'),
  deal_stage_changed: dealKind('Deal stage changed', { fromStageId: num, fromStage: text, toStageId: num, toStage: text, secondsInStage: num, fromPipelineId: num, toPipelineId: num }),
  deal_won: dealKind('Deal won', { value: num, currency: text, stage: text, salesCycleDays: num }),
  deal_lost: dealKind('Deal lost', { reason: text, note: text, stage: text, salesCycleDays: num }),
  deal_reopened: dealKind('Deal reopened', { previousStatus: text, stage: text }),
  deal_cost_added: dealKind('Deal cost added', { costId: num, label: text, amount: num, currency: text }),
  deal_cost_removed: dealKind('Deal cost removed', { costId: num, label: text, amount: num }),
  // activities (activity-events.ts)
  activity_created: activityKind('Activity created'),
  activity_updated: activityKind('Activity updated'),
  activity_completed: activityKind('Activity completed'),
  activity_reopened: activityKind('Activity reopened'),
  activity_deleted: activityKind('Activity deleted'),
  // lists and consent (lists/membership.ts for every subscribe path, lists.service, consents.service)
  list_subscribed: { permission: 'lists:read', label: 'Subscribed to a list', properties: listProps },
  list_pending: { permission: 'lists:read', label: 'Awaiting double opt-in confirmation', properties: listProps },
  list_unsubscribed: { permission: 'lists:read', label: 'Unsubscribed from a list', properties: listProps },
  consent_granted: { permission: 'lists:read', label: 'Consent granted', properties: consentProps },
  consent_withdrawn: { permission: 'lists:read', label: 'Consent withdrawn', properties: consentProps },
  // email and web behaviour, purchases: written by the email and commerce modules as they land
  email_sent: marketingKind('Email sent'),
  email_opened: marketingKind('Email opened'),
  email_clicked: marketingKind('Email link clicked'),
  // sign-up forms (public/form-submit.ts)
  form_submitted: { permission: 'lists:read', label: 'Sign-up form submitted', properties: { formId: num, formName: text, listIds: any } },
  purchase: marketingKind('Purchase'),
  // web sessions (events/web-sessions.repo.ts): one row per visit, never one per page view
  web_session: contactKind('Visited the website', {
    sessionId: text, pages: num, events: num, landingUrl: text, landingTitle: text, referrer: text,
    utmSource: text, utmMedium: text, utmCampaign: text, endedAt: text, visitorId: num,
  }),
  // the help desk (tickets module): only roles that read tickets see these
  ticket_created: ticketKind('Ticket opened', { subject: text, channel: text }),
  ticket_message_received: ticketKind('Customer wrote on a ticket', { subject: text, excerpt: text }),
  ticket_replied: ticketKind('Agent replied on a ticket', { excerpt: text }),
  ticket_status_changed: ticketKind('Ticket status changed', { from: text, to: text }),
  ticket_merged: ticketKind('Ticket merged into another', { intoTicketId: num }),
  // live chat (chat-agent.service): the conversation, written once when an agent ends the chat
  chat_transcript: ticketKind('Chat transcript', { messageCount: num, excerpt: text, lines: any }),
  csat_received: ticketKind('Satisfaction rating given', { score: num, comment: text }),
  // the SLA watch (sla/sla-watch.job.ts): target is firstResponse, nextResponse or resolution
  ticket_sla_warning: ticketKind('SLA target about to be breached', { subject: text, target: text, dueAt: text }),
  ticket_sla_breached: ticketKind('SLA target breached', { subject: text, target: text, dueAt: text }),
  // bounces and complaints (bounces/record-report.ts): campaign data, so campaigns:read
  email_bounced: { permission: 'campaigns:read', label: 'Email bounced', properties: { campaignId: num, transactionalId: num, class: text, reason: text, status: text, diagnostic: text, suppressed: bool } },
  email_complained: { permission: 'campaigns:read', label: 'Email reported as spam', properties: { campaignId: num, transactionalId: num, feedbackType: text, suppressed: bool } },
  // orders (orders/order-write.ts, from the API, CSV imports and shop webhooks): orders:read
  order_placed: { permission: 'orders:read', label: 'Order placed', properties: orderProps },
  order_status_changed: { permission: 'orders:read', label: 'Order status changed (paid, refunded, cancelled…)', properties: { ...orderProps, from: text, to: text } },
  // messages from chat gateways (messages/messages.service.ts): read like the contact itself
  message_received: contactKind('Message received on a chat channel', { channel: text, excerpt: text, messageId: num, ticketId: num }),
} satisfies Record<string, EventKindSpec>;

export const CUSTOM_KIND_PREFIX = 'custom.';
const CUSTOM_KIND = /^custom\.[a-z][a-z0-9_]{0,60}$/;
export type CustomKind = `custom.${string}`;
export type RegisteredKind = keyof typeof EVENT_KINDS;
export type TimelineKind = RegisteredKind | CustomKind;

const CUSTOM_SPEC: EventKindSpec = { permission: 'contacts:read', openData: true, label: 'Custom event', properties: {} };

/** The declaration of a kind, the custom-event one for `custom.*`, or null when undeclared. */
export function eventKindSpec(kind: string): EventKindSpec | null {
  if (Object.hasOwn(EVENT_KINDS, kind)) return EVENT_KINDS[kind as RegisteredKind];
  return CUSTOM_KIND.test(kind) ? CUSTOM_SPEC : null;
}

export const REGISTERED_KINDS = Object.keys(EVENT_KINDS) as RegisteredKind[];

/** Writers call this (through insertTimelineEvents): an undeclared kind is a programming error. */
export function assertRegisteredKind(kind: string): void {
  if (!eventKindSpec(kind)) throw new Error(`Timeline kind "${kind}" is not declared in src/modules/timeline/event-kinds.ts`);
}
