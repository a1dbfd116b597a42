import type { Executor } from '../../db/executor.js';
import type { Actor } from '../auth/permissions.js';
import { can } from '../auth/permissions.js';
import { presentContact } from '../contacts/contact-write.js';
import { findContact } from '../contacts/contacts.repo.js';
import { dealScope } from '../deals/deal-access.js';
import { presentConsentEvent } from '../lists/consents.service.js';
import { allConsentEvents, membershipsOf } from '../lists/lists.repo.js';
import * as repo from './gdpr.repo.js';
import { contactMessages } from '../messages/messages.repo.js';
import { listOrderLines, listOrdersPage } from '../orders/orders.repo.js';

export interface ExporterInput {
  db: Executor;
  actor: Actor;
  contactId: number;
}

/**
 * What a GDPR export (Art. 15/20) contains, section by section. Modules that keep data about a
 * contact register an exporter here (tickets, campaigns, … later), so one document holds it all.
 * Each exporter applies the actor's own visibility (deals: only those the actor may see).
 */
export type ContactExporter = (input: ExporterInput) => Promise<unknown>;
export const contactExporters = new Map<string, ContactExporter>();

export function registerContactExporter(section: string, exporter: ContactExporter): void {
  if (contactExporters.has(section)) throw new Error(`a contact exporter for "${section}" is already registered`);
  contactExporters.set(section, exporter);
}

registerContactExporter('contact', async ({ db, actor, contactId }) => {
  const c = await findContact(db, actor.workspaceId, contactId);
  return c ? presentContact(c) : null;
});
registerContactExporter('timeline', async ({ db, actor, contactId }) => repo.timelineOf(db, actor.workspaceId, contactId));
registerContactExporter('notes', async ({ db, actor, contactId }) => repo.notesOf(db, actor.workspaceId, contactId));
registerContactExporter('activities', async ({ db, actor, contactId }) => repo.activitiesOf(db, actor.workspaceId, contactId));
registerContactExporter('consents', async ({ db, actor, contactId }) => (await allConsentEvents(db, actor.workspaceId, contactId)).map(presentConsentEvent));
registerContactExporter('lists', async ({ db, actor, contactId }) =>
  (await membershipsOf(db, actor.workspaceId, contactId)).map((m) => ({ listId: m.id, name: m.name, status: m.status, updatedAt: m.updated_at })));
registerContactExporter('deals', async ({ db, actor, contactId }) => {
  if (!can(actor, 'deals:read')) return [];
  return repo.dealsOf(db, actor.workspaceId, contactId, await dealScope(db, actor));
});
registerContactExporter('orders', async ({ db, actor, contactId }) => {
  if (!can(actor, 'orders:read')) return [];
  const orders = await listOrdersPage(db, { workspaceId: actor.workspaceId, contactId, limit: 100_000 });
  const lines = await listOrderLines(db, actor.workspaceId, orders.map((o) => o.id));
  return orders.map(({ placed_key: _k, payload_hash: _h, ...o }) => ({ ...o, lines: lines.filter((l) => l.order_id === o.id) }));
});
registerContactExporter('messages', async ({ db, actor, contactId }) => contactMessages(db, actor.workspaceId, contactId));
