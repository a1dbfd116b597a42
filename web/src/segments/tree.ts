// The builder's editable tree: groups (AND/OR, optionally negated) and conditions with stable keys,
// converted to and from the API's condition tree. Conversion records which API path each draft node
// became, so a server error on `tree.children[1].child.value` (or zod's `tree.children.1.child`)
// lands on the row that produced it.
import { ApiError } from '../lib/http';
import { valueShape } from './fields';
import type { FieldLeaf, PropertyMatch, Scalar, SegmentNode } from './api';
import { isOrderNode, newOrderCondition, orderConditionIncomplete, orderConditionToApi, type OrderCondition } from '../orders/order-condition';

export type CondType = 'field' | 'company' | 'tags' | 'owner' | 'event' | 'visited' | 'tracked' | 'segment' | 'list' | 'consent' | 'order' | 'raw';

export interface PropertyDraft {
  key: string;
  property: string;
  op: PropertyMatch['op'];
  value: string;
}

export interface CondDraft {
  key: string;
  group?: false;
  type: CondType;
  field?: string;
  op?: string;
  value?: Scalar;
  values?: string[];
  from?: string | number;
  to?: string | number;
  days?: number;
  tags?: string[];
  userId?: number;
  kind?: string;
  /** visited: the URL pattern (`/pricing*`); tracked: the event name as sent (`Added to Cart`). */
  urlPattern?: string;
  eventName?: string;
  negate?: boolean;
  minCount?: number;
  withinDays?: number;
  where?: PropertyDraft[];
  segmentId?: number;
  /** list: the list (op member/notMember, status of the membership); consent: optional list. */
  listId?: number;
  status?: string;
  /** order: the API's orders / lastOrder / bought node, edited whole. */
  order?: OrderCondition;
  raw?: SegmentNode;
}

export interface GroupDraft {
  key: string;
  group: true;
  op: 'and' | 'or';
  not: boolean;
  children: Draft[];
}

export type Draft = GroupDraft | CondDraft;

let seq = 0;
export const newKey = () => `n${++seq}`;

export const newGroup = (op: 'and' | 'or' = 'and'): GroupDraft => ({ key: newKey(), group: true, op, not: false, children: [] });

export function newCondition(type: CondType = 'field'): CondDraft {
  const key = newKey();
  switch (type) {
    case 'tags': return { key, type, op: 'hasAny', tags: [] };
    case 'owner': return { key, type, op: 'is' };
    case 'event': return { key, type, kind: '', negate: false, minCount: 1, where: [] };
    case 'visited': return { key, type, urlPattern: '', negate: false, minCount: 1, withinDays: 30 };
    case 'tracked': return { key, type, eventName: '', negate: false, minCount: 1, where: [] };
    case 'list': return { key, type, op: 'member', status: 'subscribed' };
    case 'consent': return { key, type, status: 'granted' };
    case 'order': return { key, type, order: newOrderCondition() };
    default: return { key, type };
  }
}

export const newProperty = (): PropertyDraft => ({ key: newKey(), property: '', op: 'eq', value: '' });

/** API tree → draft; a `not` becomes a negated group. */
export function fromApi(node: SegmentNode): GroupDraft {
  const d = toDraft(node);
  return d.group ? d : { ...newGroup(), children: [d] };
}

function toDraft(node: SegmentNode): Draft {
  const key = newKey();
  switch (node.type) {
    case 'and':
    case 'or':
      return { key, group: true, op: node.type, not: false, children: node.children.map(toDraft) };
    case 'not': {
      const inner = toDraft(node.child);
      if (inner.group && !inner.not) return { ...inner, not: true };
      return { key, group: true, op: 'and', not: true, children: [inner] };
    }
    case 'field':
    case 'company':
      return { key, ...(node as FieldLeaf) };
    case 'tags':
      return { key, type: 'tags', op: node.op, tags: node.tags };
    case 'owner':
      return { key, type: 'owner', op: node.op, userId: node.userId };
    case 'event':
      return {
        key, type: 'event', kind: node.kind, negate: node.negate ?? false, minCount: node.minCount ?? 1, withinDays: node.withinDays,
        where: propertyDrafts(node.where),
      };
    case 'visited':
      return { key, type: 'visited', urlPattern: node.urlPattern, negate: node.negate ?? false, minCount: node.minCount ?? 1, withinDays: node.withinDays };
    case 'tracked':
      return {
        key, type: 'tracked', eventName: node.name, negate: node.negate ?? false, minCount: node.minCount ?? 1, withinDays: node.withinDays,
        where: propertyDrafts(node.where),
      };
    case 'segment':
      return { key, type: 'segment', segmentId: node.segmentId };
    case 'list':
      return { key, type: 'list', op: node.op, listId: node.listId, status: node.status ?? 'subscribed' };
    case 'consent':
      return { key, type: 'consent', listId: node.listId, status: node.status };
    default:
      return isOrderNode(node) ? { key, type: 'order', order: node } : { key, type: 'raw', raw: node };
  }
}

const propertyDrafts = (where: PropertyMatch[] | undefined): PropertyDraft[] =>
  (where ?? []).map((w) => ({ key: newKey(), property: w.property, op: w.op, value: propertyText(w.value) }));
const propertyApi = (where: PropertyDraft[] | undefined) =>
  (where?.length ? { where: where.map((w) => ({ property: w.property.trim(), op: w.op, value: propertyValue(w.value) })) } : {});
const incompleteProperties = (where: PropertyDraft[] | undefined) =>
  ((where ?? []).some((w) => !w.property.trim() || w.value.trim() === '') ? 'Complete the property conditions' : null);

const propertyText = (v: Scalar) => (typeof v === 'string' && /^(-?\d+(\.\d+)?|true|false)$/.test(v) ? JSON.stringify(v) : String(v));

/** "5" → 5, "true" → true, "\"5\"" → "5", anything else stays text. */
export function propertyValue(text: string): Scalar {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^".*"$/.test(t)) return t.slice(1, -1);
  return text;
}

const blank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Why a condition cannot be asked yet, or null when it is complete. */
export function incompleteReason(c: CondDraft): string | null {
  switch (c.type) {
    case 'field':
    case 'company': {
      if (!c.field) return 'Choose a field';
      if (!c.op) return 'Choose an operator';
      const shape = valueShape(c.op);
      if (shape === 'range') return blank(c.from) || blank(c.to) ? 'Enter both ends of the range' : null;
      if (shape === 'days') return c.days === undefined ? 'Enter the number of days' : null;
      if (shape === 'options') return blank(c.values) ? 'Choose at least one option' : null;
      if (shape === 'scalar') return blank(c.value) ? 'Enter a value' : null;
      return null;
    }
    case 'tags':
      return blank(c.tags) ? 'Enter at least one tag' : null;
    case 'owner':
      return (c.op === 'is' || c.op === 'isNot') && c.userId === undefined ? 'Choose a user' : null;
    case 'event':
      if (!c.kind?.trim()) return 'Choose what the contact did';
      return incompleteProperties(c.where);
    case 'visited':
      if (!c.urlPattern?.trim()) return 'Enter a page address or pattern, e.g. /pricing*';
      return c.withinDays === undefined ? 'Enter the number of days' : null;
    case 'tracked':
      return c.eventName?.trim() ? incompleteProperties(c.where) : 'Choose the event';
    case 'segment':
      return c.segmentId === undefined ? 'Choose a segment' : null;
    case 'list':
      return c.listId === undefined ? 'Choose a list' : null;
    case 'order':
      return orderConditionIncomplete(c.order);
    default:
      return null;
  }
}

export function isComplete(d: Draft): boolean {
  return d.group ? d.children.every(isComplete) : incompleteReason(d) === null;
}

function leaf(c: CondDraft): SegmentNode {
  switch (c.type) {
    case 'field':
    case 'company': {
      const shape = valueShape(c.op);
      const out: FieldLeaf = { type: c.type, field: c.field!, op: c.op! };
      if (shape === 'scalar') out.value = c.value;
      if (shape === 'range') Object.assign(out, { from: c.from, to: c.to });
      if (shape === 'days') out.days = c.days;
      if (shape === 'options') out.values = c.values;
      return out;
    }
    case 'tags':
      return { type: 'tags', op: c.op as 'hasAny', tags: c.tags ?? [] };
    case 'owner':
      return { type: 'owner', op: c.op as 'is', ...(c.op === 'is' || c.op === 'isNot' ? { userId: c.userId } : {}) };
    case 'event':
      return {
        type: 'event', kind: c.kind!.trim(), negate: !!c.negate, minCount: c.minCount ?? 1,
        ...(c.withinDays ? { withinDays: c.withinDays } : {}),
        ...propertyApi(c.where),
      };
    case 'visited':
      return { type: 'visited', urlPattern: c.urlPattern!.trim(), negate: !!c.negate, minCount: c.minCount ?? 1, withinDays: c.withinDays! };
    case 'tracked':
      return {
        type: 'tracked', name: c.eventName!.trim(), negate: !!c.negate, minCount: c.minCount ?? 1,
        ...(c.withinDays ? { withinDays: c.withinDays } : {}), ...propertyApi(c.where),
      };
    case 'segment':
      return { type: 'segment', segmentId: c.segmentId! };
    case 'list':
      return { type: 'list', op: c.op as 'member', listId: c.listId!, status: (c.status ?? 'subscribed') as 'subscribed' };
    case 'consent':
      return { type: 'consent', channel: 'email', ...(c.listId !== undefined ? { listId: c.listId } : {}), status: (c.status ?? 'granted') as 'granted' };
    case 'order':
      return orderConditionToApi(c.order!);
    default:
      return c.raw!;
  }
}

/** Draft → API tree, with every API path (dotted: `tree.children.1.child`) mapped to the draft key it came from. */
export function toApi(root: GroupDraft): { tree: SegmentNode; paths: Map<string, string> } {
  const paths = new Map<string, string>();
  const walk = (d: Draft, path: string): SegmentNode => {
    paths.set(path, d.key);
    if (!d.group) return leaf(d);
    const inner = d.not ? `${path}.child` : path;
    if (d.not) paths.set(inner, d.key);
    const node: SegmentNode = { type: d.op, children: d.children.map((c, i) => walk(c, `${inner}.children.${i}`)) };
    return d.not ? { type: 'not', child: node } : node;
  };
  return { tree: walk(root, 'tree'), paths };
}

export interface NodeError {
  /** The part of the node at fault: field, op, value, days, userId, where.0.value…; '' for the node itself. */
  part: string;
  message: string;
}

/** Server field errors by draft key; messages naming no node (or another body field) come back under ''. */
export function errorsByNode(err: unknown, paths: Map<string, string>): Map<string, NodeError[]> {
  const out = new Map<string, NodeError[]>();
  if (!(err instanceof ApiError)) return out;
  const add = (key: string, e: NodeError) => out.set(key, [...(out.get(key) ?? []), e]);
  for (const [raw, message] of Object.entries(err.fieldErrors())) {
    const path = raw.replace(/\[(\d+)\]/g, '.$1');
    if (!path.startsWith('tree')) {
      add('', { part: path, message });
      continue;
    }
    const parts = path.split('.');
    let n = parts.length;
    while (n > 0 && !paths.has(parts.slice(0, n).join('.'))) n--;
    if (n === 0) add('', { part: path, message });
    else add(paths.get(parts.slice(0, n).join('.'))!, { part: parts.slice(n).join('.'), message });
  }
  return out;
}

/** Immutable helpers for the recursive editor. */
export const replaceChild = (g: GroupDraft, key: string, next: Draft): GroupDraft => ({ ...g, children: g.children.map((c) => (c.key === key ? next : c)) });
export const removeChild = (g: GroupDraft, key: string): GroupDraft => ({ ...g, children: g.children.filter((c) => c.key !== key) });
