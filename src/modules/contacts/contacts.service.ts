import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError, type FieldIssue } from '../../lib/app-error.js';
import { encodeCursor, pageOf } from '../../lib/cursor.js';
import { decodeKeysetCursor } from '../../lib/keyset.js';
import { diffTags } from '../../lib/record-diff.js';
import { insertAudit } from '../audit/audit.repo.js';
import { can, requirePermission, type Actor } from '../auth/permissions.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import { segmentContactIds } from '../segments/segment-contacts.js';
import type { SegmentContactsQuery } from '../segments/segment-compiler.js';
import { insertTimelineEvents, type NewTimelineEvent } from '../timeline/timeline.repo.js';
import type { TimelineKind } from '../timeline/event-kinds.js';
import { buildContactWrite, diffContact, presentContact, type ContactOut } from './contact-write.js';
import { listSecondaryEmails, listSecondaryPhones } from './contacts-merge.repo.js';
import * as listRepo from './contacts-list.repo.js';
import * as repo from './contacts.repo.js';
import { CONTACT_SORT_KEYS } from './contacts.repo.js';
import type { CreateContactInput, ListContactsQuery, UpdateContactInput } from './contacts.schema.js';

async function loadContact(db: Executor, actor: Actor, id: number) {
  const row = await repo.findContact(db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('Contact');
  return row;
}

/** Company and owner must belong to the actor's workspace; the email must be free. */
async function checkReferences(db: Executor, actor: Actor, write: repo.ContactWrite, selfId?: number): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (write.company_id && !(await repo.existingIds(db, 'companies', actor.workspaceId, [write.company_id])).size) {
    issues.push({ path: 'companyId', message: `company ${write.company_id} does not exist in this workspace` });
  }
  if (write.owner_id && !(await repo.existingIds(db, 'users', actor.workspaceId, [write.owner_id])).size) {
    issues.push({ path: 'ownerId', message: `user ${write.owner_id} does not exist in this workspace` });
  }
  if (write.email) {
    const taken = await repo.findContactIdByEmail(db, actor.workspaceId, write.email, selfId);
    if (taken) issues.push({ path: 'email', message: `contact ${taken.id} already has this email` });
  }
  return issues;
}

function event(actor: Actor, contactId: number, kind: TimelineKind, data: Record<string, unknown>, companyId?: number | null): NewTimelineEvent {
  return { workspaceId: actor.workspaceId, contactId, companyId: companyId ?? null, kind, actorUserId: actor.userId, data };
}

/** Shown on the company's timeline when a contact joins it. */
function linkedEvent(actor: Actor, contactId: number, name: string, companyId: number): NewTimelineEvent {
  return { workspaceId: actor.workspaceId, companyId, kind: 'contact_linked', actorUserId: actor.userId, data: { contactId, name } };
}

export async function createContact(options: { ctx: AppContext; actor: Actor; input: CreateContactInput; source?: string }): Promise<ContactOut> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'contacts:write');
  const defs = await listFieldDefinitions(ctx.db, actor.workspaceId, 'contact');
  const { write, issues } = buildContactWrite(input, defs, null);
  if (issues.length) throw AppError.invalid(issues);
  return ctx.db.transaction().execute(async (trx) => {
    const refIssues = await checkReferences(trx, actor, write);
    if (refIssues.length) throw AppError.invalid(refIssues);
    const id = await repo.insertContact(trx, actor.workspaceId, write);
    const created = presentContact((await repo.findContact(trx, actor.workspaceId, id))!);
    const events = [event(actor, id, 'created', { source: options.source ?? 'api', name: created.fullName })];
    if (write.company_id) events.push(linkedEvent(actor, id, created.fullName, write.company_id));
    for (const tag of write.tags ?? []) events.push(event(actor, id, 'tag_added', { tag }));
    await insertTimelineEvents(trx, events);
    await insertAudit(trx, actor, { entity: 'contact', entityId: id, action: 'create', after: created });
    return created;
  });
}

export async function getContact(options: { ctx: AppContext; actor: Actor; id: number }): Promise<ContactOut> {
  requirePermission(options.actor, 'contacts:read');
  return presentContact(await loadContact(options.ctx.db, options.actor, options.id));
}

/** The contact with the secondary emails and phones it keeps from merges. */
export async function getContactDetail(options: { ctx: AppContext; actor: Actor; id: number }) {
  const contact = await getContact(options);
  const ws = options.actor.workspaceId;
  const [emails, phones] = await Promise.all([listSecondaryEmails(options.ctx.db, ws, contact.id), listSecondaryPhones(options.ctx.db, ws, contact.id)]);
  return { ...contact, secondaryEmails: emails.map((e) => e.email), secondaryPhones: phones.map((p) => p.phone) };
}

/** Tag edits computed from the locked row, so two concurrent edits both land. */
type TagChange = { add: string[] } | { remove: string };

export async function updateContact(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateContactInput; tagChange?: TagChange }): Promise<ContactOut> {
  const { ctx, actor, id, tagChange } = options;
  let input = options.input;
  requirePermission(actor, 'contacts:write');
  const defs = input.custom ? await listFieldDefinitions(ctx.db, actor.workspaceId, 'contact') : [];
  return ctx.db.transaction().execute(async (trx) => {
    await repo.lockContact(trx, actor.workspaceId, id);
    const before = await loadContact(trx, actor, id);
    if (tagChange) {
      const tags = 'add' in tagChange ? [...new Set([...before.tags, ...tagChange.add])] : before.tags.filter((t) => t !== tagChange.remove.toLowerCase());
      input = { ...input, tags };
    }
    const { write, issues } = buildContactWrite(input, defs, before);
    issues.push(...(await checkReferences(trx, actor, write, id)));
    if (issues.length) throw AppError.invalid(issues);
    const changes = diffContact(before, write);
    const { added: tagsAdded, removed: tagsRemoved } = diffTags(before.tags, write.tags);
    if (changes.length === 0 && tagsAdded.length === 0 && tagsRemoved.length === 0) return presentContact(before);
    await repo.updateContact(trx, actor.workspaceId, id, write);
    const after = presentContact((await repo.findContact(trx, actor.workspaceId, id))!);
    await insertTimelineEvents(trx, [
      ...changes.map((c) => event(actor, id, 'field_changed', { ...c })),
      ...tagsAdded.map((tag) => event(actor, id, 'tag_added', { tag })),
      ...tagsRemoved.map((tag) => event(actor, id, 'tag_removed', { tag })),
      ...(write.company_id && write.company_id !== before.company_id ? [linkedEvent(actor, id, after.fullName, write.company_id)] : []),
    ]);
    await insertAudit(trx, actor, { entity: 'contact', entityId: id, action: 'update', before: presentContact(before), after });
    return after;
  });
}

export async function deleteContact(options: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'contacts:delete');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadContact(trx, actor, id);
    await repo.deleteContact(trx, actor.workspaceId, id);
    if (before.company_id) {
      await insertTimelineEvents(trx, [{ workspaceId: actor.workspaceId, companyId: before.company_id, kind: 'contact_deleted', actorUserId: actor.userId, data: { contactId: id, name: before.full_name } }]);
    }
    await insertAudit(trx, actor, { entity: 'contact', entityId: id, action: 'delete', before: presentContact(before) });
  });
}

export async function addContactTags(options: { ctx: AppContext; actor: Actor; id: number; tags: string[] }): Promise<ContactOut> {
  return updateContact({ ...options, input: {}, tagChange: { add: options.tags } });
}

export async function removeContactTag(options: { ctx: AppContext; actor: Actor; id: number; tag: string }): Promise<ContactOut> {
  return updateContact({ ...options, input: {}, tagChange: { remove: options.tag } });
}

/** The repo query of a list request, after the permission check (both list forms below). */
async function listQueryOf(options: { ctx: AppContext; actor: Actor; query: ListContactsQuery; only?: SegmentContactsQuery }): Promise<repo.ContactListQuery> {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'contacts:read');
  const defs = query.filters.some((f) => f.field.startsWith('custom.')) ? await listFieldDefinitions(ctx.db, actor.workspaceId, 'contact') : [];
  const after = decodeKeysetCursor(query.cursor, CONTACT_SORT_KEYS[query.sort]);
  return {
    workspaceId: actor.workspaceId, limit: query.limit, sort: query.sort, order: query.order, after,
    q: query.q, searchNotes: can(actor, 'notes:read'), tag: query.tag, ownerId: query.ownerId, companyId: query.companyId,
    filters: query.filters, defs,
    segment: query.segmentId ? await segmentContactIds({ ctx, actor, segmentId: query.segmentId }) : undefined, only: options.only,
  };
}

/** `only`: a further semi-join on the contacts (a bulk operation's frozen selection, for its export). */
export async function listContacts(options: { ctx: AppContext; actor: Actor; query: ListContactsQuery; only?: SegmentContactsQuery }) {
  const rows = await repo.listContactsPage(options.ctx.db, await listQueryOf(options));
  const page = pageOf(rows, options.query.limit, (r) => [r.sort_key, r.id]);
  return { data: page.data.map(presentContact), nextCursor: page.nextCursor };
}

/**
 * The same page as listContacts, as the JSON text of `{ data, nextCursor }` (byte for byte what
 * JSON.stringify makes of it, but for spacing inside `custom`): the database prints the rows, so
 * the API neither parses nor re-serialises 50 objects per request.
 */
export async function listContactsJson(options: { ctx: AppContext; actor: Actor; query: ListContactsQuery }): Promise<string> {
  const page = await listRepo.listContactsJson(options.ctx.db, await listQueryOf(options));
  return `{"data":${page.data},"nextCursor":${page.next ? JSON.stringify(encodeCursor(page.next)) : 'null'}}`;
}
