import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { staticContactsQuery, treeContactsQuery, type CompileEnv, type SegmentContactsQuery } from './segment-compiler.js';
import { treeCountQuery } from './segment-count.js';
import { countInIdRanges } from './segment-count-chunks.js';
import { eventReaderOf, type EventReader } from '../timeline/event-access.js';
import { checkTreeAccess } from './segment-access.js';
import { walkTree, type SegmentNode } from './segment-tree.schema.js';
import * as repo from './segments.repo.js';

/**
 * Everything the compiler needs to know about the workspace, loaded in one query, and
 * who evaluates: `reader` decides which event kinds and deals conditions may test.
 */
export async function loadCompileEnv(db: Executor, workspaceId: number, reader: EventReader, now = new Date(), parts = repo.ALL_PARTS): Promise<CompileEnv> {
  const cat = parts.size ? await repo.loadCatalogue(db, workspaceId, parts) : { fields: [], userIds: [], segments: [], listIds: [] };
  return {
    workspaceId, now,
    contactDefs: cat.fields.filter((f) => f.entity === 'contact'),
    companyDefs: cat.fields.filter((f) => f.entity === 'company'),
    userIds: new Set(cat.userIds.map(Number)),
    segments: new Map(cat.segments.map((s) => [Number(s.id), { id: Number(s.id), name: s.name, kind: s.kind, tree: s.tree as SegmentNode }])),
    listIds: new Set(cat.listIds.map(Number)),
    reader,
  };
}

/**
 * The one way other modules use a segment (the contacts list's saved view, campaign audiences,
 * journeys, reports): the matching contacts as a query selecting `contact_id` from `contacts c`,
 * scoped to the actor's workspace, which callers join (`where x.contact_id in (…)`), intersect,
 * count or page. Pass `db` to build it on a transaction. Dynamic segments are compiled as of
 * `now`; static segments read their frozen members.
 */
export async function segmentContactIds(options: {
  ctx: AppContext;
  actor: Actor;
  segmentId?: number;
  tree?: SegmentNode;
  now?: Date;
  db?: Executor;
}): Promise<SegmentContactsQuery> {
  const { db, env, tree, stack, staticId } = await resolveSegment(options);
  return staticId !== undefined ? staticContactsQuery(db, env.workspaceId, staticId) : treeContactsQuery(db, env, tree!, stack);
}

/**
 * How many contacts segmentContactIds would select, by the cheapest SQL for a count (see
 * segment-count.ts: a tree of behaviours only is counted from the event indexes).
 */
export async function segmentContactCount(options: Parameters<typeof segmentContactIds>[0]): Promise<number> {
  return (await countSegmentContacts(options)).count;
}

/** The count, and whether it covers only the reader's part of the events (their own deals). */
export async function countSegmentContacts(options: Parameters<typeof segmentContactIds>[0]): Promise<{ count: number; scoped: boolean }> {
  const { db, env, tree, stack, staticId, scoped } = await resolveSegment(options);
  if (staticId !== undefined) return { count: await repo.countContacts(db, staticContactsQuery(db, env.workspaceId, staticId)), scoped };
  return { count: await countTree(options, db, env, tree!, stack), scoped };
}

/** On PGlite, outside a caller's transaction, a large count yields the connection between id ranges. */
async function countTree(options: { ctx: AppContext; db?: Executor }, db: Executor, env: CompileEnv, tree: SegmentNode, stack: number[] = []) {
  const chunked = options.ctx.database.kind === 'pglite' && !options.db ? await countInIdRanges(db, env, tree, stack) : null;
  if (chunked !== null) return chunked;
  const { rows } = await treeCountQuery(db, env, tree, stack).execute(db);
  return Number(rows[0].n);
}

/** segmentContactIds and segmentContactCount of one tree as of one instant, compiled once (a preview). */
export async function previewTreeContacts(options: Parameters<typeof segmentContactIds>[0] & { tree: SegmentNode }): Promise<{ query: SegmentContactsQuery; count: number }> {
  const { db, env, tree, stack } = await resolveSegment(options);
  return { query: treeContactsQuery(db, env, tree!, stack), count: await countTree(options, db, env, tree!, stack) };
}

interface Resolved {
  db: Executor;
  env: CompileEnv;
  scoped: boolean;
  tree?: SegmentNode;
  stack?: number[];
  staticId?: number;
}

async function resolveSegment(options: { ctx: AppContext; actor: Actor; segmentId?: number; tree?: SegmentNode; now?: Date; db?: Executor }): Promise<Resolved> {
  const { ctx, actor } = options;
  requirePermission(actor, 'segments:read');
  const db = options.db ?? ctx.db;
  const parts = options.tree ? catalogueParts(options.tree) : repo.ALL_PARTS;
  const env = await loadCompileEnv(db, actor.workspaceId, await eventReaderOf(db, actor), options.now, parts);
  if (options.tree) return { db, env, tree: options.tree, stack: [], ...checkTreeAccess(options.tree, env) };
  if (options.segmentId === undefined) throw new Error('segmentContactIds needs a segmentId or a tree');
  const seg = env.segments.get(options.segmentId);
  if (!seg) throw AppError.notFound('Segment');
  // Re-checked for whoever evaluates it, whoever saved it; a static segment's stored conditions too.
  const access = checkTreeAccess(seg.tree, env, { stack: [seg.id], frozen: seg.kind === 'static' });
  return seg.kind === 'static' ? { db, env, staticId: seg.id, ...access } : { db, env, tree: seg.tree, stack: [seg.id], ...access };
}

/**
 * The catalogue parts a tree's own conditions read. A count of "last name is Larsen" needs none,
 * and then costs only its statement; a tree naming another segment may need anything.
 */
export function catalogueParts(tree: SegmentNode): ReadonlySet<repo.CataloguePart> {
  const parts = new Set<repo.CataloguePart>();
  walkTree(tree, (n) => {
    if (n.type === 'segment') for (const p of repo.ALL_PARTS) parts.add(p);
    if ((n.type === 'field' || n.type === 'company') && n.field.startsWith('custom.')) parts.add('fields');
    if (n.type === 'owner') parts.add('users');
    if (n.type === 'list' || n.type === 'consent') parts.add('lists');
  });
  return parts;
}
