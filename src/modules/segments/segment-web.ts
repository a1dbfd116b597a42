import { sql, type SqlBool } from 'kysely';
import { and, escapeLike, type Cond } from './segment-predicates.js';
import type { CompileEnv } from './segment-compiler.js';
import { propertyMatch } from './segment-compiler.js';
import type { TrackedNode, VisitedNode } from './segment-tree.schema.js';

const DAY = 86_400_000;

/** `/pricing*` → an ILIKE pattern; only `*` is a wildcard (`%` and `_` are literal). */
export function likeOfPattern(pattern: string): string {
  return pattern.split('*').map(escapeLike).join('%');
}

/**
 * "Visited a URL matching a pattern N times in the last N days" and "did a tracked event (with
 * property conditions)": the contacts with enough matching events, grouped once and joined as a
 * hash semi-join (anti-join when negated), as for the timeline's "at least N times". Events
 * reach contacts through their visitor (identify and merges move visitors, never events).
 * Plan: `page` and the time window prune web_events to the months concerned, of one half;
 * web_events_name_idx (workspace_id, name, occurred_at) include (visitor_id) serves the range.
 */
export function webLeaf(node: VisitedNode | TrackedNode, env: CompileEnv, path: string, neg: boolean): Cond {
  const parts: Cond[] = [];
  if (node.type === 'visited') {
    const column = node.urlPattern.startsWith('/') ? sql`e.path` : sql`e.url`;
    parts.push(sql<SqlBool>`e.page = true`, sql<SqlBool>`e.name = 'page_view'`, sql<SqlBool>`${column} ilike ${likeOfPattern(node.urlPattern)}`);
  } else {
    parts.push(sql<SqlBool>`e.page = false`, sql<SqlBool>`e.name = ${node.name}`);
    (node.where ?? []).forEach((w, i) => parts.push(propertyMatch(w, `${path}.where[${i}]`, sql`e.properties`)));
  }
  if (node.withinDays !== undefined) parts.push(sql<SqlBool>`e.occurred_at >= ${new Date(env.now.getTime() - node.withinDays * DAY).toISOString()}::timestamptz`);
  // `+ 0` hides the grouped ids' order from the planner. Without it a first page (order by c.id
  // limit 51) walked visitors_contact_idx in contact order and probed each visitor's events:
  // it counted on "having count(*) >= N" keeping a third of the groups, and for a sparse
  // condition ("/pricing* 3+ times in 30 days": 11 of 11,547 groups, 200k contacts / 2M web
  // events) that was 160,000 probes, 5.5 s. Now the page, like the count, groups the window's
  // events once (hash join to visitors, HashAggregate) and merge-joins the few ids to
  // contacts_ws_id_idx: 0.7 s, on a loaded 2-CPU box (EXPLAIN ANALYZE, PostgreSQL 15).
  const often = sql`select v.contact_id + 0 as contact_id from web_events e join visitors v on v.workspace_id = ${env.workspaceId} and v.id = e.visitor_id
    where e.workspace_id = ${env.workspaceId} and v.contact_id is not null and ${and(parts)}
    group by v.contact_id having count(*) >= ${node.minCount ?? 1}`;
  const pos = sql<SqlBool>`exists (select 1 from (${often}) as g where g.contact_id = c.id)`;
  return Boolean(node.negate) !== neg ? sql<SqlBool>`not ${pos}` : pos;
}
