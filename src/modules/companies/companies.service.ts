import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError, type FieldIssue } from '../../lib/app-error.js';
import { pageOf } from '../../lib/cursor.js';
import { decodeKeysetCursor } from '../../lib/keyset.js';
import { diffTags } from '../../lib/record-diff.js';
import { insertAudit } from '../audit/audit.repo.js';
import { can, requirePermission, type Actor } from '../auth/permissions.js';
import { existingIds } from '../contacts/contacts.repo.js';
import { listContacts } from '../contacts/contacts.service.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import { insertTimelineEvents, type NewTimelineEvent } from '../timeline/timeline.repo.js';
import type { TimelineKind } from '../timeline/event-kinds.js';
import { listTimeline } from '../timeline/timeline.service.js';
import * as repo from './companies.repo.js';
import type { CompanyContactsQuery, CreateCompanyInput, ListCompaniesQuery, UpdateCompanyInput } from './companies.schema.js';
import { buildCompanyWrite, diffCompany, presentCompany, type CompanyOut } from './company-write.js';

async function loadCompany(db: Executor, actor: Actor, id: number) {
  const row = await repo.findCompany(db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('Company');
  return row;
}

/** The owner must be a user of the actor's workspace. */
async function checkOwner(db: Executor, actor: Actor, write: repo.CompanyWrite): Promise<FieldIssue[]> {
  if (!write.owner_id || (await existingIds(db, 'users', actor.workspaceId, [write.owner_id])).size) return [];
  return [{ path: 'ownerId', message: `user ${write.owner_id} does not exist in this workspace` }];
}

function event(actor: Actor, companyId: number, kind: TimelineKind, data: Record<string, unknown>): NewTimelineEvent {
  return { workspaceId: actor.workspaceId, companyId, kind, actorUserId: actor.userId, data };
}

export async function createCompany(options: { ctx: AppContext; actor: Actor; input: CreateCompanyInput; source?: string }): Promise<CompanyOut> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'companies:write');
  const defs = await listFieldDefinitions(ctx.db, actor.workspaceId, 'company');
  const { write, issues } = buildCompanyWrite(input, defs, null);
  if (issues.length) throw AppError.invalid(issues);
  return ctx.db.transaction().execute(async (trx) => {
    const ownerIssues = await checkOwner(trx, actor, write);
    if (ownerIssues.length) throw AppError.invalid(ownerIssues);
    const id = await repo.insertCompany(trx, actor.workspaceId, { ...write, name: input.name });
    const created = presentCompany((await repo.findCompany(trx, actor.workspaceId, id))!);
    await insertTimelineEvents(trx, [
      event(actor, id, 'created', { source: options.source ?? 'api', name: created.name }),
      ...created.tags.map((tag) => event(actor, id, 'tag_added', { tag })),
    ]);
    await insertAudit(trx, actor, { entity: 'company', entityId: id, action: 'create', after: created });
    return created;
  });
}

export async function getCompany(options: { ctx: AppContext; actor: Actor; id: number }): Promise<CompanyOut> {
  requirePermission(options.actor, 'companies:read');
  return presentCompany(await loadCompany(options.ctx.db, options.actor, options.id));
}

/**
 * Applies a change computed from the locked, current row, so tag edits made at the same time
 * both land. Writes one timeline event per changed field and tag, and one audit entry.
 */
async function changeCompany(ctx: AppContext, actor: Actor, id: number, patch: (before: repo.CompanyRow) => UpdateCompanyInput): Promise<CompanyOut> {
  requirePermission(actor, 'companies:write');
  return ctx.db.transaction().execute(async (trx) => {
    await repo.lockCompany(trx, actor.workspaceId, id);
    const before = await loadCompany(trx, actor, id);
    const input = patch(before);
    const defs = input.custom ? await listFieldDefinitions(trx, actor.workspaceId, 'company') : [];
    const { write, issues } = buildCompanyWrite(input, defs, before);
    issues.push(...(await checkOwner(trx, actor, write)));
    if (issues.length) throw AppError.invalid(issues);
    const changes = diffCompany(before, write);
    const tags = diffTags(before.tags, write.tags);
    if (changes.length === 0 && tags.added.length === 0 && tags.removed.length === 0) return presentCompany(before);
    await repo.updateCompany(trx, actor.workspaceId, id, write);
    const after = presentCompany((await repo.findCompany(trx, actor.workspaceId, id))!);
    await insertTimelineEvents(trx, [
      ...changes.map((c) => event(actor, id, 'field_changed', { ...c })),
      ...tags.added.map((tag) => event(actor, id, 'tag_added', { tag })),
      ...tags.removed.map((tag) => event(actor, id, 'tag_removed', { tag })),
    ]);
    await insertAudit(trx, actor, { entity: 'company', entityId: id, action: 'update', before: presentCompany(before), after });
    return after;
  });
}

export async function updateCompany(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateCompanyInput }): Promise<CompanyOut> {
  return changeCompany(options.ctx, options.actor, options.id, () => options.input);
}

export async function addCompanyTags(options: { ctx: AppContext; actor: Actor; id: number; tags: string[] }): Promise<CompanyOut> {
  return changeCompany(options.ctx, options.actor, options.id, (before) => ({ tags: [...new Set([...before.tags, ...options.tags])] }));
}

export async function removeCompanyTag(options: { ctx: AppContext; actor: Actor; id: number; tag: string }): Promise<CompanyOut> {
  const tag = options.tag.toLowerCase();
  return changeCompany(options.ctx, options.actor, options.id, (before) => ({ tags: before.tags.filter((t) => t !== tag) }));
}

/** Its contacts stay (unlinked by the foreign key); the deletion is recorded in the audit log. */
export async function deleteCompany(options: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'companies:delete');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadCompany(trx, actor, id);
    await repo.deleteCompany(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'company', entityId: id, action: 'delete', before: presentCompany(before) });
  });
}

export async function listCompanies(options: { ctx: AppContext; actor: Actor; query: ListCompaniesQuery }) {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'companies:read');
  const defs = query.filters.some((f) => f.field.startsWith('custom.')) ? await listFieldDefinitions(ctx.db, actor.workspaceId, 'company') : [];
  const after = decodeKeysetCursor(query.cursor, repo.companySortKey(query.sort));
  const rows = await repo.listCompaniesPage(ctx.db, { ...query, workspaceId: actor.workspaceId, after, searchNotes: can(actor, 'notes:read'), defs });
  const page = pageOf(rows, query.limit, (r) => [r.sort_key, r.id]);
  return { data: page.data.map(presentCompany), nextCursor: page.nextCursor };
}

/** The company's contacts, through the contact list (its search, filters and keyset paging). */
export async function listCompanyContacts(options: { ctx: AppContext; actor: Actor; id: number; query: CompanyContactsQuery }) {
  const { ctx, actor, id } = options;
  await getCompany({ ctx, actor, id });
  return listContacts({ ctx, actor, query: { ...options.query, companyId: id } });
}

export async function listCompanyTimeline(options: { ctx: AppContext; actor: Actor; id: number; limit: number; cursor?: string }) {
  const { ctx, actor, id } = options;
  await getCompany({ ctx, actor, id });
  return listTimeline({ ctx, actor, subject: { companyId: id }, limit: options.limit, cursor: options.cursor });
}
