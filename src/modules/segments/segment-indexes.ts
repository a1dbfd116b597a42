import type { Executor } from '../../db/executor.js';
import { walkTree, type SegmentNode } from './segment-tree.schema.js';
import * as repo from './segments.repo.js';

/**
 * Expression indexes for saved segments' range conditions (custom fields compared as numbers or
 * dates, event properties compared with gt/lt). They are shared by every workspace and cost
 * every write to contacts or timeline_events, so they are an operator's decision, taken with
 * `rapport segments indexes …` — never built by a request (saving a segment runs no DDL and
 * costs no more than counting it). At most MAX_SEGMENT_INDEXES exist; an index no saved segment
 * needs any more is dropped by `drop-unused`.
 */
export const MAX_SEGMENT_INDEXES = 20;

export interface PlannedIndex extends repo.IndexSpec {
  /** The saved segments whose conditions it serves, as "workspace/id name". */
  usedBy: string[];
}

type Shape = 'number' | 'text' | 'monthday';
type FieldDef = { key: string; type: string };

/** The index specs a tree's range conditions would use, given its workspace's custom fields. */
export function indexesFor(tree: SegmentNode, contactDefs: FieldDef[]): repo.IndexSpec[] {
  const out: repo.IndexSpec[] = [];
  walkTree(tree, (n) => {
    if (n.type === 'field' && n.field.startsWith('custom.')) {
      const def = contactDefs.find((d) => d.key === n.field.slice(7));
      let shape: Shape | null = null;
      if (def?.type === 'number' && ['lt', 'lte', 'gt', 'gte', 'between'].includes(n.op)) shape = 'number';
      if (def?.type === 'date') shape = n.op === 'anniversaryInNext' ? 'monthday' : ['isEmpty', 'isNotEmpty'].includes(n.op) ? null : 'text';
      const spec = def && shape ? repo.customFieldIndex(def.key, shape) : null;
      if (spec) out.push(spec);
    }
    if (n.type === 'event') {
      for (const w of n.where ?? []) {
        const spec = w.op === 'gt' || w.op === 'lt' ? repo.eventPropertyIndex(w.property) : null;
        if (spec) out.push(spec);
      }
    }
  });
  return out;
}

/** Every index the saved dynamic segments of all workspaces would use, most used first. */
export async function plannedIndexes(db: Executor): Promise<PlannedIndex[]> {
  const [trees, defs] = await Promise.all([repo.listAllDynamicTrees(db), repo.listIndexableFieldDefs(db)]);
  const byName = new Map<string, PlannedIndex>();
  for (const s of trees) {
    const wsDefs = defs.filter((d) => d.workspace_id === s.workspace_id);
    for (const spec of indexesFor(s.tree as SegmentNode, wsDefs)) {
      const planned = byName.get(spec.name) ?? { ...spec, usedBy: [] };
      const label = `${s.workspace_id}/${s.id} ${s.name}`;
      if (!planned.usedBy.includes(label)) planned.usedBy.push(label);
      byName.set(spec.name, planned);
    }
  }
  return [...byName.values()].sort((a, b) => b.usedBy.length - a.usedBy.length || a.name.localeCompare(b.name));
}

export interface IndexReport {
  existing: { name: string; table: string; bytes: number; usedBy: string[] }[];
  missing: PlannedIndex[];
}

export async function indexReport(db: Executor): Promise<IndexReport> {
  const [planned, existing] = await Promise.all([plannedIndexes(db), repo.listSegmentIndexes(db)]);
  const names = new Set(existing.map((e) => e.name));
  return {
    existing: existing.map((e) => ({ ...e, usedBy: planned.find((p) => p.name === e.name)?.usedBy ?? [] })),
    missing: planned.filter((p) => !names.has(p.name)),
  };
}

/**
 * Builds the missing indexes, most used first, while fewer than `max` segment indexes exist;
 * returns what it built and what it left out for the cap.
 */
export async function createPlannedIndexes(db: Executor, options: { concurrently: boolean; max?: number; log?: (m: string) => void }) {
  const max = Math.min(options.max ?? MAX_SEGMENT_INDEXES, MAX_SEGMENT_INDEXES);
  const report = await indexReport(db);
  const room = Math.max(0, max - report.existing.length);
  const built = report.missing.slice(0, room);
  for (const spec of built) {
    options.log?.(`building ${spec.name} on ${spec.table} (used by ${spec.usedBy.length} segment${spec.usedBy.length === 1 ? '' : 's'})`);
    await repo.createIndex(db, spec, options.concurrently);
  }
  return { built: built.map((b) => b.name), leftOut: report.missing.slice(room).map((b) => b.name) };
}

/** Drops the segment indexes no saved dynamic segment uses any more. */
export async function dropUnusedIndexes(db: Executor, options: { concurrently: boolean; log?: (m: string) => void }) {
  const report = await indexReport(db);
  const unused = report.existing.filter((e) => e.usedBy.length === 0);
  for (const e of unused) {
    options.log?.(`dropping ${e.name} (${e.table})`);
    await repo.dropIndex(db, e.name, options.concurrently);
  }
  return { dropped: unused.map((e) => e.name) };
}
