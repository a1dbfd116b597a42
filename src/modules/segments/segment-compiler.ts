import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { jsonb, textArray, type Executor } from '../../db/executor.js';
import type { DB, SegmentKind } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { isRowScoped, type EventReader } from '../timeline/event-access.js';
import { eventKindSpec } from '../timeline/event-kinds.js';
import { eventOfVisibleDeal } from '../timeline/timeline.repo.js';
import { checkTreeAccess } from './segment-access.js';
import { webLeaf } from './segment-web.js';
import { COMPANY_FIELDS, CONTACT_FIELDS, NEGATION_OF, checkFieldCondition, resolveField, type CustomFieldRef } from './segment-fields.js';
import { compileOrderNode } from './segment-orders.js';
import { and, customNumber, fieldPredicate, not, or, escapeLike, type Cond } from './segment-predicates.js';
import type { CompanyNode, EventNode, FieldNode, PropertyMatch, SegmentNode } from './segment-tree.schema.js';

/** Event property names that may be inlined into SQL and indexed (others are sent as parameters). */
export const EVENT_PROPERTY = /^[a-zA-Z][a-zA-Z0-9_]{0,40}$/;

/**
 * Compiles a checked segment tree into one WHERE expression over `contacts c` of one workspace.
 * NOT is pushed down to the leaves (negation normal form) and every leaf is negated as
 * `(x) is not true`, so a missing value makes "x" false and "not x" true — two-valued logic, the
 * same as the reference evaluator. Positive EXISTS at the top of an AND chain are pulled up by
 * PostgreSQL into semi-joins (hash semi-join for counts, nested loop for the first page).
 */
export interface SegmentRecord {
  id: number;
  name: string;
  kind: SegmentKind;
  tree: SegmentNode;
}

export interface CompileEnv {
  workspaceId: number;
  now: Date;
  contactDefs: CustomFieldRef[];
  companyDefs: CustomFieldRef[];
  userIds: Set<number>;
  /** The workspace's saved segments, for segment-in-segment conditions. */
  segments: Map<number, SegmentRecord>;
  /** The workspace's list ids, for list and consent conditions. */
  listIds: Set<number>;
  /** Who evaluates the tree: which event kinds and properties, of which deals, they may test. */
  reader: EventReader;
}

export type SegmentContactsQuery = SelectQueryBuilder<DB & { c: DB['contacts'] }, 'c', { contact_id: number }>;

const bad = (path: string, message: string) => AppError.invalid({ path, message });

/** Checks the reader's access and the tree's bounds (segment-access.ts), then compiles. */
export function compileTree(tree: SegmentNode, env: CompileEnv, stack: number[] = []): Cond {
  checkTreeAccess(tree, env, { stack });
  return compileNode(tree, env, 'tree', false, stack);
}

function compileNode(node: SegmentNode, env: CompileEnv, path: string, neg: boolean, stack: number[]): Cond {
  switch (node.type) {
    case 'and':
    case 'or': {
      const isOr = (node.type === 'or') !== neg;
      const parts = node.children.map((child, i) => ({ child, path: `${path}.children[${i}]` }));
      if (!isOr) return and(parts.map((p) => compileNode(p.child, env, p.path, neg, stack)));
      // OR of several "did X" conditions: one EXISTS over their disjunction, which PostgreSQL can
      // still pull up into a semi-join (an OR of separate EXISTS becomes a per-contact subplan).
      // First page at 1M contacts / 10M events: nested loop over contacts_ws_id_idx probing
      // timeline_contact_idx per contact, 1.4 ms. Counting a tree that is only such an OR goes
      // through segment-count.ts instead (one index-only arm per kind, no heap BitmapOr).
      const mergeable = parts.filter((p) => p.child.type === 'event' && (p.child.minCount ?? 1) === 1 && Boolean(p.child.negate) === neg);
      const rest = mergeable.length > 1 ? parts.filter((p) => !mergeable.includes(p)) : parts;
      const merged = mergeable.length > 1 ? [sql<SqlBool>`exists (${eventRows(env, or(mergeable.map((p) => eventMatch(p.child as EventNode, env, p.path))))})`] : [];
      return or([...merged, ...rest.map((p) => compileNode(p.child, env, p.path, neg, stack))]);
    }
    case 'not':
      return compileNode(node.child, env, `${path}.child`, !neg, stack);
    case 'field':
    case 'company':
      return fieldLeaf(node, env, path, neg);
    case 'tags': {
      const tags = textArray([...new Set(node.tags.map((t) => t.toLowerCase()))]);
      // GIN contacts_tags_idx serves both && (any of) and @> (all of).
      const pos = node.op === 'hasAll' ? sql<SqlBool>`c.tags @> ${tags}` : sql<SqlBool>`c.tags && ${tags}`;
      return node.op === 'hasNone' !== neg ? not(pos) : pos;
    }
    case 'owner': {
      const base = node.op === 'isNot' ? 'is' : node.op === 'isNotEmpty' ? 'isEmpty' : node.op;
      if (base === 'is') {
        if (node.userId === undefined) throw bad(`${path}.userId`, 'give the owner’s user id');
        if (!env.userIds.has(node.userId)) throw bad(`${path}.userId`, `user ${node.userId} does not exist in this workspace`);
      }
      const pos = base === 'is' ? sql<SqlBool>`c.owner_id = ${node.userId}` : sql<SqlBool>`c.owner_id is null`;
      return base !== node.op !== neg ? not(pos) : pos;
    }
    case 'event': {
      const match = eventMatch(node, env, path);
      const min = node.minCount ?? 1;
      const did = Boolean(node.negate) === neg;
      if (min === 1) {
        const rows = eventRows(env, match);
        return did ? sql<SqlBool>`exists (${rows})` : sql<SqlBool>`not exists (${rows})`;
      }
      // "At least N times": the contacts with N matching events, grouped once over the kind's
      // index range, joined as a hash semi-join (anti-join when negated) — not a count per contact.
      const often = sql`select e.contact_id from timeline_events e where e.workspace_id = ${env.workspaceId} and e.contact_id is not null and ${match} group by e.contact_id having count(*) >= ${min}`;
      const pos = sql<SqlBool>`exists (select 1 from (${often}) as g where g.contact_id = c.id)`;
      return did ? pos : sql<SqlBool>`not ${pos}`;
    }
    case 'segment':
      return segmentLeaf(node.segmentId, env, path, neg, stack);
    case 'visited':
    case 'tracked':
      return webLeaf(node, env, path, neg);
    case 'list': {
      if (!env.listIds.has(node.listId)) throw bad(`${path}.listId`, `list ${node.listId} does not exist in this workspace`);
      // Probes list_members_seg_idx (workspace_id, list_id, status, contact_id), index-only.
      const pos = sql<SqlBool>`exists (select 1 from list_members m where m.workspace_id = ${env.workspaceId} and m.list_id = ${node.listId} and m.status = ${node.status ?? 'subscribed'} and m.contact_id = c.id)`;
      return node.op === 'notMember' !== neg ? sql<SqlBool>`not ${pos}` : pos;
    }
    case 'orders':
    case 'lastOrder':
    case 'bought':
      return compileOrderNode(node, { workspaceId: env.workspaceId, now: env.now, path, neg });
    case 'consent': {
      if (node.listId !== undefined && !env.listIds.has(node.listId)) throw bad(`${path}.listId`, `list ${node.listId} does not exist in this workspace`);
      // coalesce(list_id, 0) is the expression of contact_consents_seg_idx; 0 = channel-wide.
      const pos = sql<SqlBool>`exists (select 1 from contact_consents cc where cc.workspace_id = ${env.workspaceId} and cc.channel = ${node.channel} and coalesce(cc.list_id, 0) = ${node.listId ?? 0} and cc.status = ${node.status} and cc.contact_id = c.id)`;
      return neg ? sql<SqlBool>`not ${pos}` : pos;
    }
  }
}

function fieldLeaf(node: FieldNode | CompanyNode, env: CompileEnv, path: string, neg: boolean): Cond {
  const company = node.type === 'company';
  const f = resolveField(node.field, company ? COMPANY_FIELDS : CONTACT_FIELDS, company ? env.companyDefs : env.contactDefs, path);
  const values = checkFieldCondition(f, node, path);
  const base = NEGATION_OF[node.op] ?? node.op;
  const flip = base !== node.op;
  let pos = fieldPredicate(f, base, values, company ? 'co' : 'c', env.now);
  if (company) {
    // The company's matching ids as a hashed subplan/semi-join; a contact without a company
    // has every company field empty.
    const ids = sql<SqlBool>`c.company_id in (select co.id from companies co where co.workspace_id = ${env.workspaceId} and ${pos})`;
    pos = base === 'isEmpty' ? sql<SqlBool>`(c.company_id is null or ${ids})` : ids;
  }
  return flip !== neg ? not(pos) : pos;
}

/**
 * The events of this contact matching `match`. Plans: per contact, timeline_kind_idx
 * (workspace_id, kind, contact_id, occurred_at) answers the probe with one index range; for a
 * pulled-up semi-join, timeline_kind_time_idx (workspace_id, kind, occurred_at) include
 * (contact_id) scans only the window's events.
 */
function eventRows(env: CompileEnv, match: Cond) {
  return sql`select 1 from timeline_events e where e.workspace_id = ${env.workspaceId} and e.contact_id = c.id and ${match}`;
}

export function eventMatch(node: EventNode, env: CompileEnv, path: string): Cond {
  const parts: Cond[] = [sql<SqlBool>`e.kind = ${node.kind}`];
  // A reader who sees only their own deals tests only the events of those deals (as on the timeline).
  const spec = eventKindSpec(node.kind);
  if (spec && isRowScoped(env.reader, spec)) parts.push(eventOfVisibleDeal(env.workspaceId, env.reader.onlyDealsOwnedBy ?? null));
  if (node.withinDays !== undefined) parts.push(sql<SqlBool>`e.occurred_at >= ${new Date(env.now.getTime() - node.withinDays * 86_400_000).toISOString()}::timestamptz`);
  (node.where ?? []).forEach((w, i) => parts.push(propertyMatch(w, `${path}.where[${i}]`)));
  return and(parts);
}

/** One condition on a property of `src` (a timeline event's data, a web event's properties). */
export function propertyMatch(w: PropertyMatch, path: string, src = sql`e.data`): Cond {
  const p = w.property;
  switch (w.op) {
    case 'eq':
      return sql<SqlBool>`${src} -> ${p}::text = ${jsonb(w.value)}`;
    case 'neq':
      return not(sql<SqlBool>`${src} -> ${p}::text = ${jsonb(w.value)}`);
    case 'contains':
      return sql<SqlBool>`${src} ->> ${p}::text ilike ${`%${escapeLike(String(w.value).toLowerCase())}%`}`;
    default: {
      if (typeof w.value !== 'number') throw bad(`${path}.value`, `"${w.op}" compares numbers; give a number`);
      // NULL unless a JSON number, so the cast never throws; for a plain property name this is
      // the expression of the operator's index (segments.repo.ts eventPropertyIndex).
      const expr = EVENT_PROPERTY.test(p) ? customNumber(src, p) : sql`(case when jsonb_typeof(${src} -> ${p}::text) = 'number' then (${src} ->> ${p}::text)::numeric end)`;
      return sql<SqlBool>`${expr} ${sql.raw(w.op === 'gt' ? '>' : '<')} ${w.value}::numeric`;
    }
  }
}

function segmentLeaf(id: number, env: CompileEnv, path: string, neg: boolean, stack: number[]): Cond {
  const seg = env.segments.get(id);
  if (!seg) throw bad(`${path}.segmentId`, `segment ${id} does not exist in this workspace`);
  if (stack.includes(id)) {
    const chain = [...stack.slice(stack.indexOf(id)), id].map((s) => `"${env.segments.get(s)?.name ?? s}"`).join(' → ');
    throw bad(`${path}.segmentId`, `segments may not refer to themselves: ${chain}`);
  }
  if (seg.kind === 'static') {
    const pos = sql<SqlBool>`exists (select 1 from segment_members m where m.workspace_id = ${env.workspaceId} and m.segment_id = ${id} and m.contact_id = c.id)`;
    return neg ? sql<SqlBool>`not ${pos}` : pos;
  }
  try {
    return compileNode(seg.tree, env, 'tree', neg, [...stack, id]);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
    // A referenced segment broke (say its custom field was deleted): name this node and that one.
    const inner = (err.details?.fields as { path: string; message: string }[] | undefined)?.[0];
    throw bad(`${path}.segmentId`, `segment "${seg.name}" cannot be used: ${inner ? `${inner.path}: ${inner.message}` : err.message}`);
  }
}

/** The contacts matching a tree, as a query other modules can join, intersect or count. */
export function treeContactsQuery(db: Executor, env: CompileEnv, tree: SegmentNode, stack: number[] = []): SegmentContactsQuery {
  const where = compileTree(tree, env, stack);
  return db.selectFrom('contacts as c').select('c.id as contact_id').where('c.workspace_id', '=', env.workspaceId).where(where);
}

/** A static segment's frozen members that still exist (the primary key answers each probe). */
export function staticContactsQuery(db: Executor, workspaceId: number, segmentId: number): SegmentContactsQuery {
  return db
    .selectFrom('contacts as c')
    .select('c.id as contact_id')
    .where('c.workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`exists (select 1 from segment_members m where m.workspace_id = ${workspaceId} and m.segment_id = ${segmentId} and m.contact_id = c.id)`);
}
