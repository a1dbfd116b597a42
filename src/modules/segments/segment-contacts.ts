import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import { listIdsOf } from '../lists/lists.repo.js';
import { staticContactsQuery, treeContactsQuery, type CompileEnv, type SegmentContactsQuery } from './segment-compiler.js';
import { treeCountQuery } from './segment-count.js';
import type { SegmentNode } from './segment-tree.schema.js';
import { walkTree } from './segment-tree.schema.js';
import * as repo from './segments.repo.js';

/** Everything the compiler needs to know about the workspace, loaded in five small queries. */
export async function loadCompileEnv(db: Executor, workspaceId: number, now = new Date()): Promise<CompileEnv> {
  const [contactDefs, companyDefs, users, segments, listIds] = await Promise.all([
    listFieldDefinitions(db, workspaceId, 'contact'),
    listFieldDefinitions(db, workspaceId, 'company'),
    repo.userIdsOf(db, workspaceId),
    repo.listSegmentTrees(db, workspaceId),
    listIdsOf(db, workspaceId),
  ]);
  return {
    workspaceId, now, contactDefs, companyDefs,
    userIds: new Set(users.map((u) => u.id)),
    segments: new Map(segments.map((s) => [s.id, { id: s.id, name: s.name, kind: s.kind, tree: s.tree as SegmentNode }])),
    listIds: new Set(listIds),
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
  const { db, env, tree, stack, staticId } = await resolveSegment(options);
  if (staticId !== undefined) return repo.countContacts(db, staticContactsQuery(db, env.workspaceId, staticId));
  const { rows } = await treeCountQuery(db, env, tree!, stack).execute(db);
  return Number(rows[0].n);
}

async function resolveSegment(options: { ctx: AppContext; actor: Actor; segmentId?: number; tree?: SegmentNode; now?: Date; db?: Executor }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'segments:read');
  const db = options.db ?? ctx.db;
  const env = await loadCompileEnv(db, actor.workspaceId, options.now);
  if (options.tree) return { db, env, tree: options.tree, stack: [] as number[] };
  if (options.segmentId === undefined) throw new Error('segmentContactIds needs a segmentId or a tree');
  const seg = env.segments.get(options.segmentId);
  if (!seg) throw AppError.notFound('Segment');
  return seg.kind === 'static' ? { db, env, staticId: seg.id } : { db, env, tree: seg.tree, stack: [seg.id] };
}

export type CustomIndexShape = 'number' | 'text' | 'monthday';

/** Custom fields a tree compares by range or anniversary, which get an expression index. */
export function customIndexesFor(tree: SegmentNode, env: CompileEnv): { key: string; shape: CustomIndexShape }[] {
  const out = new Map<string, { key: string; shape: CustomIndexShape }>();
  walkTree(tree, (n) => {
    if (n.type !== 'field' || !n.field.startsWith('custom.')) return;
    const def = env.contactDefs.find((d) => d.key === n.field.slice(7));
    let shape: CustomIndexShape | null = null;
    if (def?.type === 'number' && ['lt', 'lte', 'gt', 'gte', 'between'].includes(n.op)) shape = 'number';
    if (def?.type === 'date') shape = n.op === 'anniversaryInNext' ? 'monthday' : ['isEmpty', 'isNotEmpty'].includes(n.op) ? null : 'text';
    if (def && shape) out.set(`${def.key}:${shape}`, { key: def.key, shape });
  });
  return [...out.values()];
}

/** Event properties a tree compares as numbers (gt/lt), which get an expression index. */
export function eventPropertyIndexesFor(tree: SegmentNode): string[] {
  const out = new Set<string>();
  walkTree(tree, (n) => {
    if (n.type === 'event') for (const w of n.where ?? []) if (w.op === 'gt' || w.op === 'lt') out.add(w.property);
  });
  return [...out];
}

/** Builds the indexes after the segment is saved; a failure is logged, never the user's problem. */
export async function ensureCustomIndexes(ctx: AppContext, tree: SegmentNode, env: CompileEnv): Promise<void> {
  const concurrently = ctx.database.kind === 'postgres';
  const builds = [
    ...customIndexesFor(tree, env).map((i) => ({ what: i, run: () => repo.ensureCustomIndex(ctx.db, concurrently, i.key, i.shape) })),
    ...eventPropertyIndexesFor(tree).map((property) => ({ what: { property }, run: () => repo.ensureEventPropertyIndex(ctx.db, concurrently, property) })),
  ];
  for (const b of builds) {
    try {
      await b.run();
    } catch (err) {
      ctx.log.warn({ err, ...b.what }, 'could not build a segment index');
    }
  }
}
