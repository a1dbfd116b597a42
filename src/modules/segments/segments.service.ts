import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, encodeCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { presentContact } from '../contacts/contact-write.js';
import { findContactsByIds } from '../contacts/contacts.repo.js';
import { compileTree, treeContactsQuery, type SegmentContactsQuery } from './segment-compiler.js';
import { eventReaderOf, readableEventKinds } from '../timeline/event-access.js';
import { readsInFull } from './segment-access.js';
import { countSegmentContacts, loadCompileEnv, previewTreeContacts, segmentContactIds } from './segment-contacts.js';
import { utcToday } from './segment-dates.js';
import { referencedSegmentIds, type SegmentNode } from './segment-tree.schema.js';
import * as repo from './segments.repo.js';
import type { CreateSegmentInput, PreviewSegmentInput, SnapshotSegmentInput, UpdateSegmentInput } from './segments.schema.js';

/** `inFull`: whether the viewer may evaluate it in full; if not, the remembered count is theirs to see neither. */
export function presentSegment(r: repo.SegmentRow, inFull = true) {
  return {
    id: r.id, name: r.name, description: r.description, kind: r.kind, version: r.tree_version, tree: r.tree as SegmentNode,
    createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
    lastCount: inFull ? r.last_count : null, lastCountedAt: inFull ? r.last_counted_at : null,
  };
}

/** The compile environment as the actor evaluates segments (their event kinds and deals). */
async function envFor(db: Executor, actor: Actor) {
  return loadCompileEnv(db, actor.workspaceId, await eventReaderOf(db, actor));
}

/** A saved segment as this actor sees it: without the last count if they could not compute it themselves. */
function presentFor(env: Awaited<ReturnType<typeof envFor>>, r: repo.SegmentRow) {
  return presentSegment(r, readsInFull(r.tree as SegmentNode, env, r.kind === 'static'));
}
export type SegmentOut = ReturnType<typeof presentSegment>;

async function loadSegment(db: Executor, actor: Actor, id: number) {
  const row = await repo.findSegment(db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('Segment');
  return row;
}

async function checkNameFree(db: Executor, actor: Actor, name: string, exceptId?: number) {
  if (await repo.findSegmentByName(db, actor.workspaceId, name, exceptId)) throw AppError.conflict(`A segment named "${name}" already exists`, { fields: [{ path: 'name', message: 'a segment with this name already exists' }] });
}

/** The first contacts of a query, in the contacts list's shape. */
async function firstContacts(db: Executor, actor: Actor, query: SegmentContactsQuery, afterId: number | undefined, limit: number) {
  const ids = await repo.pageContactIds(query, afterId, limit);
  const rows = await findContactsByIds(db, actor.workspaceId, ids.slice(0, limit));
  return { data: rows.map(presentContact), nextCursor: ids.length > limit ? encodeCursor([ids[limit - 1]]) : null };
}

/** Count and first contacts of an unsaved tree, for the builder's live feedback. */
export async function previewSegment(options: { ctx: AppContext; actor: Actor; input: PreviewSegmentInput; now?: Date }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'contacts:read');
  const now = options.now ?? new Date(); // count and page as of the same instant
  const { query, count } = await previewTreeContacts({ ctx, actor, tree: input.tree, now });
  const { data } = await firstContacts(ctx.db, actor, query, undefined, input.limit);
  return { count, contacts: data };
}

export async function createSegment(options: { ctx: AppContext; actor: Actor; input: CreateSegmentInput }): Promise<SegmentOut> {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'segments:write');
  const env = await envFor(ctx.db, actor);
  // Unknown fields, wrong operators, missing segments, kinds the actor may not read: refused
  // before anything is written. Saving builds no index (see segment-indexes.ts), so it costs a
  // compile and an insert, less than a count.
  compileTree(input.tree, env);
  const created = await ctx.db.transaction().execute(async (trx) => {
    await checkNameFree(trx, actor, input.name);
    const id = await repo.insertSegment(trx, actor.workspaceId, {
      name: input.name, description: input.description ?? null, kind: input.kind, tree: input.tree, treeVersion: input.version, createdBy: actor.userId,
    });
    if (input.kind === 'static') {
      const n = await repo.insertMembers(trx, actor.workspaceId, id, treeContactsQuery(trx, { ...env, now: new Date() }, input.tree));
      await repo.recordCount(trx, actor.workspaceId, id, n);
    }
    const out = presentSegment((await repo.findSegment(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'segment', entityId: id, action: 'create', after: out });
    return out;
  });
  return created;
}

export async function updateSegment(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateSegmentInput }): Promise<SegmentOut> {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'segments:write');
  const before = await loadSegment(ctx.db, actor, id);
  const env = await envFor(ctx.db, actor);
  if (input.tree) {
    if (before.kind === 'static') throw AppError.invalid({ path: 'tree', message: 'a static segment’s members are frozen; snapshot a dynamic segment instead' });
    compileTree(input.tree, env, [id]); // the segment itself is on the stack: a reference back to it is a cycle
  }
  const updated = await ctx.db.transaction().execute(async (trx) => {
    if (input.name) await checkNameFree(trx, actor, input.name, id);
    await repo.updateSegment(trx, actor.workspaceId, id, { name: input.name, description: input.description, tree: input.tree, treeVersion: input.version });
    const after = presentSegment((await repo.findSegment(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'segment', entityId: id, action: 'update', before: presentSegment(before), after });
    return after;
  });
  return updated;
}

export async function deleteSegment(options: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'segments:delete');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadSegment(trx, actor, id);
    const users = (await repo.listSegmentTrees(trx, actor.workspaceId)).filter((s) => s.kind === 'dynamic' && referencedSegmentIds(s.tree as SegmentNode).includes(id));
    if (users.length) throw AppError.conflict(`Segment "${before.name}" is used by ${users.map((s) => `"${s.name}"`).join(', ')}`, { usedBy: users.map((s) => s.id) });
    await repo.deleteSegment(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'segment', entityId: id, action: 'delete', before: presentSegment(before) });
  });
}

export async function getSegment(options: { ctx: AppContext; actor: Actor; id: number }): Promise<SegmentOut> {
  requirePermission(options.actor, 'segments:read');
  const row = await loadSegment(options.ctx.db, options.actor, options.id);
  return presentFor(await envFor(options.ctx.db, options.actor), row);
}

export async function listSegments(options: { ctx: AppContext; actor: Actor; limit: number; cursor?: string }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'segments:read');
  const rows = await repo.listSegmentsPage(ctx.db, actor.workspaceId, decodeIdCursor(options.cursor), limit);
  const env = await envFor(ctx.db, actor);
  return pageOf(rows.map((r) => presentFor(env, r)), limit, (s) => [s.id]);
}

/**
 * Counts now and remembers the figure (shown in the segment list without recounting) — unless
 * the actor saw only part of the events (their own deals): that count is theirs alone.
 */
export async function countSegment(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  const { count, scoped } = await countSegmentContacts({ ctx, actor, segmentId: id });
  if (!scoped) await repo.recordCount(ctx.db, actor.workspaceId, id, count);
  return { count, countedAt: new Date() };
}

/** Matching contacts, keyset-paged by id. */
export async function listSegmentContacts(options: { ctx: AppContext; actor: Actor; id: number; limit: number; cursor?: string }) {
  const { ctx, actor, id, limit } = options;
  requirePermission(actor, 'contacts:read');
  const query = await segmentContactIds({ ctx, actor, segmentId: id });
  return firstContacts(ctx.db, actor, query, decodeIdCursor(options.cursor), limit);
}

/** Freezes the current members of a segment into a new static segment ("everyone who got the March campaign"). */
export async function snapshotSegment(options: { ctx: AppContext; actor: Actor; id: number; input: SnapshotSegmentInput }): Promise<SegmentOut> {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'segments:write');
  const source = await loadSegment(ctx.db, actor, id);
  const name = input.name ?? `${source.name} (snapshot ${utcToday(new Date())} ${new Date().toISOString().slice(11, 16)})`;
  return ctx.db.transaction().execute(async (trx) => {
    const query = await segmentContactIds({ ctx, actor, segmentId: id, db: trx }); // re-checks the actor's access, static or dynamic, first
    await checkNameFree(trx, actor, name);
    const newId = await repo.insertSegment(trx, actor.workspaceId, {
      name, description: input.description ?? `Members of "${source.name}" on ${new Date().toISOString()}`, kind: 'static',
      tree: source.tree as SegmentNode, treeVersion: source.tree_version, createdBy: actor.userId,
    });
    await repo.recordCount(trx, actor.workspaceId, newId, await repo.insertMembers(trx, actor.workspaceId, newId, query));
    const out = presentSegment((await repo.findSegment(trx, actor.workspaceId, newId))!);
    await insertAudit(trx, actor, { entity: 'segment', entityId: newId, action: 'snapshot', after: { ...out, sourceId: id } });
    return out;
  });
}

/** The event kinds (and their properties) this actor may use in conditions, for the builder. */
export async function listEventKinds(options: { ctx: AppContext; actor: Actor }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'segments:read');
  return { data: readableEventKinds(await eventReaderOf(ctx.db, actor)) };
}

/** Tracked event names (with their property names) and product categories, for the builder's pickers. */
export async function listBuilderOptions(options: { ctx: AppContext; actor: Actor }): Promise<repo.BuilderOptions> {
  const { ctx, actor } = options;
  requirePermission(actor, 'segments:read');
  requirePermission(actor, 'contacts:read'); // as a tracked-event condition needs (segment-access.ts)
  return repo.loadBuilderOptions(ctx.db, actor.workspaceId);
}
