import { AppError } from '../../lib/app-error.js';
import type { Permission } from '../auth/permissions.js';
import { isRowScoped, missingPermission } from '../timeline/event-access.js';
import { eventKindSpec, REGISTERED_KINDS, type PropertyType } from '../timeline/event-kinds.js';
import type { CompileEnv } from './segment-compiler.js';
import { MAX_DEPTH, MAX_NODES } from './segment-bounds.js';
import type { EventNode, SegmentNode } from './segment-tree.schema.js';

/**
 * What a tree may read, checked for the actor who evaluates it, before any SQL is built: every
 * event kind and property against the registry (timeline/event-kinds.ts), company conditions
 * against companies:read, list and consent conditions against lists:read — through every segment
 * it references, since a saved segment is re-checked for whoever evaluates it. A static segment's
 * frozen members reveal what its conditions did, so its stored conditions are checked too, and
 * one whose events the reader sees only in part (some deals) is refused rather than shown whole.
 *
 * The same walk bounds the work: nesting depth and the number of conditions once references are
 * expanded (a segment OR-ing another ten times, five levels deep, is 100,000 conditions).
 */
export interface TreeAccess {
  /** True when some condition reads only the reader's part of the events (own deals). */
  scoped: boolean;
}

const forbidden = (path: string, message: string, details: { permission: Permission; kind?: string; property?: string }) =>
  new AppError('FORBIDDEN', message, { ...details, fields: [{ path, message }] });
const invalid = (path: string, message: string) => AppError.invalid({ path, message });

const OP_TYPES: Record<string, PropertyType[]> = { gt: ['number', 'any'], lt: ['number', 'any'], contains: ['text', 'any'] };

interface Walk {
  env: CompileEnv;
  nodes: number;
  scoped: boolean;
}

export function checkTreeAccess(tree: SegmentNode, env: CompileEnv, options: { stack?: number[]; frozen?: boolean } = {}): TreeAccess {
  const walk: Walk = { env, nodes: 0, scoped: false };
  visit(walk, tree, 'tree', 0, options.stack ?? [], { frozen: options.frozen ?? false, via: null });
  return { scoped: walk.scoped };
}

/** `via`: the reference node (path and segment name) a nested segment's conditions are reported at. */
interface Frame {
  frozen: boolean;
  via: { path: string; name: string } | null;
}

function visit(w: Walk, node: SegmentNode, path: string, depth: number, stack: number[], f: Frame): void {
  const at = (p: string) => (f.via ? `${f.via.path}.segmentId` : p);
  const inSegment = (m: string) => (f.via ? `segment "${f.via.name}": ${m}` : m);
  if (depth > MAX_DEPTH) throw invalid(at(path), inSegment(`conditions may be nested at most ${MAX_DEPTH} levels deep, counting through referenced segments`));
  if (++w.nodes > MAX_NODES) {
    throw invalid(at(path), inSegment(`the conditions expand to more than ${MAX_NODES} (every referenced segment counts with all of its own); simplify them or save a static snapshot to refer to`));
  }
  const need = (permission: Permission, what: string) => {
    if (!w.env.reader.may(permission)) throw forbidden(at(path), inSegment(`${what} needs the permission "${permission}", which your role lacks`), { permission });
  };
  switch (node.type) {
    case 'and':
    case 'or':
      node.children.forEach((c, i) => visit(w, c, `${path}.children[${i}]`, depth + 1, stack, f));
      return;
    case 'not':
      visit(w, node.child, `${path}.child`, depth + 1, stack, f);
      return;
    case 'company':
      return need('companies:read', 'a company condition');
    case 'list':
    case 'consent':
      return need('lists:read', `a ${node.type} condition`);
    case 'orders':
    case 'lastOrder':
    case 'bought':
      return need('orders:read', 'an order condition');
    case 'event':
      return checkEvent(w, node, path, f, at, inSegment);
    case 'visited':
    case 'tracked':
      // Website visits and tracked events read like the contact's timeline rows (web_session, custom.*).
      return need('contacts:read', node.type === 'visited' ? 'a website-visit condition' : 'a tracked-event condition');
    case 'segment': {
      const seg = w.env.segments.get(node.segmentId);
      if (!seg || stack.includes(seg.id)) return; // the compiler names a missing segment or a cycle
      const frame: Frame = { frozen: f.frozen || seg.kind === 'static', via: f.via ?? { path, name: seg.name } };
      if (seg.kind === 'dynamic') return visit(w, seg.tree, 'tree', depth + 1, [...stack, seg.id], frame);
      // A static segment runs as one condition (its members): its stored tree is checked for
      // access only, and does not count towards the bound.
      const counted = w.nodes;
      w.nodes = 0;
      visit(w, seg.tree, 'tree', depth + 1, [...stack, seg.id], frame);
      w.nodes = counted;
      return;
    }
    default:
      return;
  }
}

function checkEvent(w: Walk, node: EventNode, path: string, f: Frame, at: (p: string) => string, inSegment: (m: string) => string): void {
  const spec = eventKindSpec(node.kind);
  if (!spec) {
    if (f.frozen) return; // a frozen segment's undeclared kind matched nothing the reader could not see
    throw invalid(at(`${path}.kind`), inSegment(`"${node.kind}" is not a known event kind; use one of ${REGISTERED_KINDS.join(', ')}, or custom.<name> for your own events`));
  }
  const lacking = missingPermission(w.env.reader, spec);
  if (lacking) {
    throw forbidden(at(`${path}.kind`), inSegment(`conditions on "${node.kind}" events need the permission "${lacking}", which your role lacks`), { permission: lacking, kind: node.kind });
  }
  if (isRowScoped(w.env.reader, spec)) {
    if (f.frozen) {
      throw forbidden(at(`${path}.kind`), inSegment(`"${node.kind}" events were frozen into this static segment from every deal, and you see only your own deals`), { permission: 'deals:read_all', kind: node.kind });
    }
    w.scoped = true;
  }
  (node.where ?? []).forEach((m, i) => {
    const p = spec.properties[m.property];
    const mPath = at(`${path}.where[${i}].property`);
    if (!p) {
      if (spec.openData || f.frozen) return;
      throw invalid(mPath, inSegment(`"${node.kind}" events have no property "${m.property}"; they have ${Object.keys(spec.properties).join(', ') || 'none'}`));
    }
    if (p.permission && !w.env.reader.may(p.permission)) {
      throw forbidden(mPath, inSegment(`the property "${m.property}" of "${node.kind}" events needs the permission "${p.permission}", which your role lacks`), { permission: p.permission, kind: node.kind, property: m.property });
    }
    const types = OP_TYPES[m.op];
    if (types && !types.includes(p.type) && !f.frozen) throw invalid(at(`${path}.where[${i}].op`), inSegment(`"${m.op}" does not apply to "${m.property}", a ${p.type} property`));
  });
}

/** For callers that only need to know whether the reader may evaluate a tree in full. */
export function readsInFull(tree: SegmentNode, env: CompileEnv, frozen: boolean): boolean {
  try {
    return !checkTreeAccess(tree, env, { frozen }).scoped;
  } catch (err) {
    if (err instanceof AppError && err.code === 'FORBIDDEN') return false;
    return true; // a broken tree (400) is not a matter of access
  }
}
