import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { eventMatch, treeContactsQuery, type CompileEnv } from './segment-compiler.js';
import type { EventNode, SegmentNode } from './segment-tree.schema.js';

/**
 * How many contacts a dynamic tree selects, as one `select … as n` query.
 *
 * Most trees are counted over the rows query (`count(*)` of treeContactsQuery): the same plan as
 * the list, a hash semi-join per top-level behaviour. A tree that is only "did X" conditions
 * (one event, possibly "at least N times", or an OR of them, e.g. "clicked in 30 days OR form
 * in 90 days OR purchase over 400 in 365 days") is counted from the events alone:
 *
 *   select count(distinct s.contact_id) from (<kind a> union all <kind b> union all …) s
 *
 * Why: the rows query merges the OR into one EXISTS (right for the first page, which probes
 * timeline_contact_idx per contact in ~1.5 ms), but for the count PostgreSQL answers it with a
 * BitmapOr whose bitmap goes lossy under the default work_mem and then re-reads the whole event
 * heap (1M contacts / 10M events: 129,672 buffers, 1.75 s on a loaded 2-CPU box). Split into
 * one arm per kind, each arm is an Index Only Scan of timeline_kind_time_idx
 * (workspace_id, kind, occurred_at) include (contact_id) — no heap at all while the visibility
 * map is current (VACUUM / autovacuum) — except arms with a property condition, which read
 * timeline_prop_<p>_num_idx and fetch only their own rows (an expression index cannot be
 * index-only). `count(distinct)` sorts the ids inside the aggregate: 60 ms for 206k ids, half of
 * what `union` + HashAggregate costs (it spills at 4 MB). There is no join to contacts:
 * timeline_events.contact_id references contacts(id) on delete cascade, and every event is
 * written into its contact's workspace, so an event of workspace W names a contact of W.
 * Measured at 1M/10M (EXPLAIN ANALYZE, PostgreSQL 15 defaults, shared 2-CPU box): the 3-kind
 * OR went from 1,746 ms to 408 ms, ~300 ms of it the purchase arm's 100k heap rows; the
 * clicked and formed arms take 18 and 20 ms. The page query is unchanged.
 *
 * Arms are NOT put inside `c.id in (…)` for trees that also test contact fields: with UNION
 * ALL, PostgreSQL estimates 200 distinct ids and picks a nested loop over 264k contacts (2 s);
 * with UNION it is no faster than the EXISTS (1,068 vs 1,001 ms for "vip and the 3-kind OR")
 * and computes every arm even when the field leaves one contact. EXISTS stays there.
 */
export function treeCountQuery(db: Executor, env: CompileEnv, tree: SegmentNode, stack: number[] = []): RawBuilder<{ n: string | number }> {
  const rows = treeContactsQuery(db, env, tree, stack); // compiles, so checks, the whole tree
  const arms = behaviourArms(tree, false, 'tree');
  if (!arms) return sql`select count(*) as n from (${rows}) as s`;
  // `contact_id is not null` lets the planner use the partial indexes (where contact_id is not
  // null); company-only events would not be counted anyway, count(distinct) skips NULL.
  const sets = arms.map((a) => {
    const events = sql`select e.contact_id from timeline_events e where e.workspace_id = ${env.workspaceId} and e.contact_id is not null and ${eventMatch(a.node, env, a.path)}`;
    // "At least N times": the arm is the grouped ids (timeline_kind_idx is ordered by contact within a kind).
    const min = a.node.minCount ?? 1;
    return min === 1 ? events : sql`${events} group by e.contact_id having count(*) >= ${min}`;
  });
  // One grouped arm holds each contact once: no need to sort them again for distinct.
  if (arms.length === 1 && (arms[0].node.minCount ?? 1) > 1) return sql`select count(*) as n from (${sets[0]}) as s`;
  return sql`select count(distinct s.contact_id) as n from (${sql.join(sets, sql` union all `)}) as s`;
}

/** Whether treeCountQuery counts this tree from the events alone. */
export const countsFromEvents = (tree: SegmentNode): boolean => behaviourArms(tree, false, 'tree') !== null;

/**
 * The "did X (at least N times)" conditions a tree is a disjunction of, after pushing NOT down
 * (the compiler's negation normal form), or null when it tests anything else: a negated event,
 * an AND of several conditions, a field, a segment reference, an empty group.
 */
function behaviourArms(node: SegmentNode, neg: boolean, path: string): { node: EventNode; path: string }[] | null {
  switch (node.type) {
    case 'not':
      return behaviourArms(node.child, !neg, `${path}.child`);
    case 'event':
      return Boolean(node.negate) === neg ? [{ node, path }] : null;
    case 'and':
    case 'or': {
      const isOr = (node.type === 'or') !== neg;
      if (node.children.length === 0 || (!isOr && node.children.length > 1)) return null;
      const arms = node.children.map((c, i) => behaviourArms(c, neg, `${path}.children[${i}]`));
      return arms.includes(null) ? null : (arms as { node: EventNode; path: string }[][]).flat();
    }
    default:
      return null;
  }
}
