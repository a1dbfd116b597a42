import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { ListMemberStatus } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { insertTimelineEvents, type NewTimelineEvent } from '../timeline/timeline.repo.js';
import type { TimelineKind } from '../timeline/event-kinds.js';
import * as repo from './lists.repo.js';
import type { AddMembersInput, CreateListInput, MembersQuery, UpdateListInput } from './lists.schema.js';

export function presentList(r: repo.ListRow) {
  return { id: r.id, name: r.name, description: r.description, purpose: r.purpose, createdAt: r.created_at };
}
export type ListOut = ReturnType<typeof presentList>;

export async function loadList(db: Executor, actor: Actor, id: number, lock = false) {
  const row = await (lock ? repo.lockList : repo.findList)(db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('List');
  return row;
}

async function checkNameFree(db: Executor, actor: Actor, name: string, exceptId?: number) {
  if (await repo.findListByName(db, actor.workspaceId, name, exceptId)) {
    throw AppError.conflict(`A list named "${name}" already exists`, { fields: [{ path: 'name', message: 'a list with this name already exists' }] });
  }
}

export async function listLists(options: { ctx: AppContext; actor: Actor; limit: number; cursor?: string }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'lists:read');
  const rows = await repo.listListsPage(ctx.db, actor.workspaceId, decodeIdCursor(options.cursor), limit);
  const page = pageOf(rows.map(presentList), limit, (l) => [l.id]);
  const counts = await repo.memberCountsOf(ctx.db, actor.workspaceId, page.data.map((l) => l.id));
  return { ...page, data: page.data.map((l) => ({ ...l, members: counts.get(l.id)! })) };
}

export async function getList(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'lists:read');
  const list = presentList(await loadList(ctx.db, actor, id));
  const counts = await repo.memberCountsOf(ctx.db, actor.workspaceId, [id]);
  return { ...list, members: counts.get(id)! };
}

export async function createList(options: { ctx: AppContext; actor: Actor; input: CreateListInput }): Promise<ListOut> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'lists:write');
  return ctx.db.transaction().execute(async (trx) => {
    await checkNameFree(trx, actor, input.name);
    const id = await repo.insertList(trx, actor.workspaceId, { name: input.name, description: input.description ?? null, purpose: input.purpose });
    const out = presentList((await repo.findList(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'list', entityId: id, action: 'create', after: out });
    return out;
  });
}

export async function updateList(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateListInput }): Promise<ListOut> {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'lists:write');
  return ctx.db.transaction().execute(async (trx) => {
    const before = presentList(await loadList(trx, actor, id));
    if (input.name !== undefined) await checkNameFree(trx, actor, input.name, id);
    await repo.updateList(trx, actor.workspaceId, id, { name: input.name, description: input.description, purpose: input.purpose });
    const after = presentList((await repo.findList(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'list', entityId: id, action: 'update', before, after });
    return after;
  });
}

/**
 * Removes the list, its memberships and the current consent state for it. The consent ledger
 * keeps its rows (proof of what was agreed, with the old list id).
 */
export async function deleteList(options: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'lists:delete');
  await ctx.db.transaction().execute(async (trx) => {
    const before = presentList(await loadList(trx, actor, id));
    await repo.deleteList(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'list', entityId: id, action: 'delete', before });
  });
}

export async function listMembers(options: { ctx: AppContext; actor: Actor; id: number; query: MembersQuery }) {
  const { ctx, actor, id, query } = options;
  requirePermission(actor, 'lists:read');
  requirePermission(actor, 'contacts:read');
  await loadList(ctx.db, actor, id);
  const rows = await repo.membersPage(ctx.db, { workspaceId: actor.workspaceId, listId: id, status: query.status, afterContactId: decodeIdCursor(query.cursor), limit: query.limit });
  const members = rows.map((r) => ({ contactId: r.contact_id, status: r.status, updatedAt: r.updated_at, contact: { id: r.contact_id, fullName: r.full_name, email: r.email } }));
  return pageOf(members, query.limit, (m) => [m.contactId]);
}

/** Timeline kind for a status change; pending (awaiting double opt-in) is not an event yet. */
function memberEventKind(status: ListMemberStatus): TimelineKind | null {
  return status === 'subscribed' ? 'list_subscribed' : status === 'unsubscribed' ? 'list_unsubscribed' : null;
}

/** Sets the status of contacts on a list (adding them if needed); unchanged rows write nothing. */
export async function setMembers(options: { ctx: AppContext; actor: Actor; id: number; input: AddMembersInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'lists:write');
  return ctx.db.transaction().execute(async (trx) => {
    const list = await loadList(trx, actor, id, true);
    const found = await repo.existingContactIds(trx, actor.workspaceId, input.contactIds);
    const missing = input.contactIds.map((c, i) => ({ c, i })).filter(({ c }) => !found.has(c));
    if (missing.length) throw AppError.invalid(missing.map(({ c, i }) => ({ path: `contactIds.${i}`, message: `contact ${c} does not exist in this workspace` })));
    const before = await repo.memberStatuses(trx, actor.workspaceId, id, input.contactIds);
    const changed = input.contactIds.filter((c) => before.get(c) !== input.status);
    await repo.upsertMembers(trx, actor.workspaceId, id, changed, input.status);
    const kind = memberEventKind(input.status);
    const events: NewTimelineEvent[] = kind
      ? changed.map((contactId) => ({ workspaceId: actor.workspaceId, contactId, kind, actorUserId: actor.userId, data: { listId: id, listName: list.name, previous: before.get(contactId) ?? null } }))
      : [];
    await insertTimelineEvents(trx, events);
    if (changed.length) {
      await insertAudit(trx, actor, { entity: 'list', entityId: id, action: 'set_members', before: changed.map((c) => ({ contactId: c, status: before.get(c) ?? null })), after: { status: input.status, contactIds: changed } });
    }
    return { status: input.status, changed: changed.length, contactIds: input.contactIds };
  });
}

export async function removeMember(options: { ctx: AppContext; actor: Actor; id: number; contactId: number }): Promise<void> {
  const { ctx, actor, id, contactId } = options;
  requirePermission(actor, 'lists:write');
  await ctx.db.transaction().execute(async (trx) => {
    const list = await loadList(trx, actor, id, true);
    const status = (await repo.memberStatuses(trx, actor.workspaceId, id, [contactId])).get(contactId);
    if (!status) throw AppError.notFound('List member');
    await repo.deleteMember(trx, actor.workspaceId, id, contactId);
    // Leaving a list one was subscribed to is, for the contact's history, an unsubscription.
    if (status === 'subscribed') {
      await insertTimelineEvents(trx, [{ workspaceId: actor.workspaceId, contactId, kind: 'list_unsubscribed', actorUserId: actor.userId, data: { listId: id, listName: list.name, previous: status, removed: true } }]);
    }
    await insertAudit(trx, actor, { entity: 'list', entityId: id, action: 'remove_member', before: { contactId, status } });
  });
}
