import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { applyMembership, type ConsentEvidence } from './membership.js';
import * as repo from './lists.repo.js';
import type { AddMembersInput, CreateListInput, MembersQuery, UpdateListInput } from './lists.schema.js';

export function presentList(r: repo.ListRow) {
  return {
    id: r.id, name: r.name, description: r.description, purpose: r.purpose, optInMode: r.opt_in_mode,
    publicName: r.public_name, publicDescription: r.public_description, senderName: r.sender_name, createdAt: r.created_at,
  };
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

/** Double opt-in sends confirmation emails; without a transport every sign-up would stay pending. */
function checkOptInPossible(ctx: AppContext, mode: string | undefined) {
  if (mode === 'double' && !ctx.config.SMTP_URL) {
    throw AppError.invalid({ path: 'optInMode', message: 'double opt-in sends confirmation emails: set SMTP_URL (outgoing mail) first' });
  }
}

function detailsWrite(input: UpdateListInput): repo.ListWrite {
  return { opt_in_mode: input.optInMode, public_name: input.publicName, public_description: input.publicDescription, sender_name: input.senderName };
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
  checkOptInPossible(ctx, input.optInMode);
  return ctx.db.transaction().execute(async (trx) => {
    await checkNameFree(trx, actor, input.name);
    const id = await repo.insertList(trx, actor.workspaceId, { name: input.name, description: input.description ?? null, purpose: input.purpose, ...detailsWrite(input) });
    const out = presentList((await repo.findList(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'list', entityId: id, action: 'create', after: out });
    return out;
  });
}

export async function updateList(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateListInput }): Promise<ListOut> {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'lists:write');
  checkOptInPossible(ctx, input.optInMode);
  return ctx.db.transaction().execute(async (trx) => {
    const before = presentList(await loadList(trx, actor, id));
    if (input.name !== undefined) await checkNameFree(trx, actor, input.name, id);
    await repo.updateList(trx, actor.workspaceId, id, { name: input.name, description: input.description, purpose: input.purpose, ...detailsWrite(input) });
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
  requirePermission(actor, 'lists:write');
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

/**
 * Sets the status of contacts on a list (adding them if needed) through the one membership
 * writer: subscribing to a marketing list needs the declared consent; on a double opt-in list the
 * contacts become pending and are sent a confirmation. Unchanged rows write nothing.
 */
export async function setMembers(options: { ctx: AppContext; actor: Actor; id: number; input: AddMembersInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'lists:write');
  const joining = input.status !== 'unsubscribed';
  return ctx.db.transaction().execute(async (trx) => {
    const list = await loadList(trx, actor, id, true);
    if (joining && list.purpose === 'marketing' && !input.consent) {
      throw AppError.invalid({ path: 'consent', message: 'subscribing to a marketing list needs consent: give its source, lawfulBasis and proof' });
    }
    const found = await repo.existingContactIds(trx, actor.workspaceId, input.contactIds);
    const missing = input.contactIds.map((c, i) => ({ c, i })).filter(({ c }) => !found.has(c));
    if (missing.length) throw AppError.invalid(missing.map(({ c, i }) => ({ path: `contactIds.${i}`, message: `contact ${c} does not exist in this workspace` })));
    const evidence: ConsentEvidence = input.consent
      ? { source: input.consent.source, lawfulBasis: input.consent.lawfulBasis, proof: input.consent.proof, textShown: input.consent.textShown ?? null }
      : { source: actor.apiKeyId ? 'api' : 'admin' };
    const r = await applyMembership(trx, { ctx, list, contactIds: input.contactIds, target: input.status, evidence, actor });
    return { added: r.added, pending: r.pending, skipped: r.skipped, suppressed: r.suppressed, unsubscribed: r.unsubscribed };
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
    // The ledger and the current state follow the membership: a removed member's consent for the
    // list no longer stands (nothing may be sent on it until they are subscribed again with consent).
    if (status !== 'unsubscribed') {
      await repo.recordConsent(trx, actor.workspaceId, {
        contactId, listId: id, status: 'withdrawn', source: actor.apiKeyId ? 'api' : 'admin', ip: null, textShown: null,
        actorUserId: actor.userId, actorLabel: actor.label, proof: 'Removed from the list by the workspace',
      });
    }
    // Leaving a list one was subscribed to is, for the contact's history, an unsubscription.
    if (status === 'subscribed') {
      await insertTimelineEvents(trx, [{ workspaceId: actor.workspaceId, contactId, kind: 'list_unsubscribed', actorUserId: actor.userId, data: { listId: id, listName: list.name, previous: status, removed: true } }]);
    }
    await insertAudit(trx, actor, { entity: 'list', entityId: id, action: 'remove_member', before: { contactId, status } });
  });
}
