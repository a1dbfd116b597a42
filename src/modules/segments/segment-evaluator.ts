import { isLeapYear, utcToday, addDays } from './segment-dates.js';
import { COMPANY_FIELDS, CONTACT_FIELDS, NEGATION_OF, checkFieldCondition, resolveField, type CheckedValues, type CustomFieldRef, type ResolvedField } from './segment-fields.js';
import { evaluateOrderNode, type EvalOrder } from './segment-orders.js';
import type { CompanyNode, EventNode, FieldNode, FieldOp, PropertyMatch, SegmentNode, TrackedNode, VisitedNode } from './segment-tree.schema.js';

/**
 * The reference evaluator: decides in memory whether one contact belongs to a segment, written
 * directly from the meaning of each condition rather than from the SQL, so the property test can
 * hold the compiler to it. It expects a tree the compiler accepted (same field checks).
 */
export interface EvalEvent {
  kind: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}
export interface EvalCompany {
  name: string | null;
  domain: string | null;
  industry: string | null;
  custom: Record<string, unknown>;
}
export interface EvalContact {
  id: number;
  /** Built-in fields by API name: text, 'YYYY-MM-DD' for birthday, Date for createdAt/updatedAt. */
  fields: Record<string, string | Date | null>;
  ownerId: number | null;
  tags: string[];
  custom: Record<string, unknown>;
  company: EvalCompany | null;
  events: EvalEvent[];
  /** Memberships: one status per list. */
  lists: { listId: number; status: string }[];
  /** Current email consent per list (null: channel-wide). */
  consents: { listId: number | null; status: string }[];
  /** Website and API events of the contact's visitors (web_events). */
  web?: EvalWebEvent[];
  /** Orders with their lines (absent: none). */
  orders?: EvalOrder[];
}
export interface EvalWebEvent {
  page: boolean;
  name: string;
  url: string | null;
  path: string | null;
  occurredAt: Date;
  properties: Record<string, unknown>;
}
export interface EvalWorld {
  now: Date;
  contactDefs: CustomFieldRef[];
  companyDefs: CustomFieldRef[];
  segments: Map<number, { kind: 'dynamic' | 'static'; tree: SegmentNode; members: Set<number> }>;
}

export function evaluate(node: SegmentNode, c: EvalContact, w: EvalWorld): boolean {
  switch (node.type) {
    case 'and':
      return node.children.every((n) => evaluate(n, c, w));
    case 'or':
      return node.children.some((n) => evaluate(n, c, w));
    case 'not':
      return !evaluate(node.child, c, w);
    case 'field':
    case 'company':
      return evalField(node, c, w);
    case 'tags': {
      const want = node.tags.map((t) => t.toLowerCase());
      if (node.op === 'hasAll') return want.every((t) => c.tags.includes(t));
      const any = want.some((t) => c.tags.includes(t));
      return node.op === 'hasAny' ? any : !any;
    }
    case 'owner':
      if (node.op === 'is') return c.ownerId === node.userId;
      if (node.op === 'isNot') return c.ownerId !== node.userId;
      return (c.ownerId === null) === (node.op === 'isEmpty');
    case 'event':
      return evalEvent(node, c, w.now);
    case 'segment': {
      const s = w.segments.get(node.segmentId)!;
      return s.kind === 'static' ? s.members.has(c.id) : evaluate(s.tree, c, w);
    }
    case 'list': {
      const on = c.lists.some((m) => m.listId === node.listId && m.status === (node.status ?? 'subscribed'));
      return node.op === 'member' ? on : !on;
    }
    case 'consent':
      return c.consents.some((k) => k.listId === (node.listId ?? null) && k.status === node.status);
    case 'visited':
    case 'tracked':
      return evalWeb(node, c, w.now);
    case 'orders':
    case 'lastOrder':
    case 'bought':
      return evaluateOrderNode(node, c.orders ?? [], w.now);
  }
}

/** `*` matches anything, everything else itself, ignoring case, over the whole value. */
const globMatches = (pattern: string, value: string | null) =>
  value !== null && new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'is').test(value);

function evalWeb(node: VisitedNode | TrackedNode, c: EvalContact, now: Date): boolean {
  const since = node.withinDays === undefined ? -Infinity : now.getTime() - node.withinDays * 86_400_000;
  const n = (c.web ?? []).filter((e) => e.occurredAt.getTime() >= since && (node.type === 'visited'
    ? e.page && e.name === 'page_view' && globMatches(node.urlPattern, node.urlPattern.startsWith('/') ? e.path : e.url)
    : !e.page && e.name === node.name && (node.where ?? []).every((p) => propertyHolds(p, e.properties)))).length;
  return n >= (node.minCount ?? 1) !== Boolean(node.negate);
}

function evalEvent(node: EventNode, c: EvalContact, now: Date): boolean {
  const since = node.withinDays === undefined ? -Infinity : now.getTime() - node.withinDays * 86_400_000;
  const n = c.events.filter((e) => e.kind === node.kind && e.occurredAt.getTime() >= since && (node.where ?? []).every((p) => propertyHolds(p, e.data))).length;
  return n >= (node.minCount ?? 1) !== Boolean(node.negate);
}

/** PostgreSQL's `->>` text of a scalar JSON value (null for JSON null or a missing key). */
const jsonText = (v: unknown) => (v === undefined || v === null ? null : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

function propertyHolds(p: PropertyMatch, data: Record<string, unknown>): boolean {
  const v = Object.hasOwn(data, p.property) ? data[p.property] : undefined;
  switch (p.op) {
    case 'eq':
      return v === p.value;
    case 'neq':
      return v !== p.value;
    case 'contains': {
      const t = jsonText(v);
      return t !== null && t.toLowerCase().includes(String(p.value).toLowerCase());
    }
    case 'gt':
      return typeof v === 'number' && v > (p.value as number);
    case 'lt':
      return typeof v === 'number' && v < (p.value as number);
  }
}

function evalField(node: FieldNode | CompanyNode, c: EvalContact, w: EvalWorld): boolean {
  const company = node.type === 'company';
  const f = resolveField(node.field, company ? COMPANY_FIELDS : CONTACT_FIELDS, company ? w.companyDefs : w.contactDefs, 'tree');
  const values = checkFieldCondition(f, node, 'tree');
  const base = NEGATION_OF[node.op] ?? node.op;
  let value: unknown;
  if (company) value = c.company === null ? undefined : f.customKey !== undefined ? c.company.custom[f.customKey] : c.company[node.field as 'name'];
  else value = f.customKey !== undefined ? c.custom[f.customKey] : c.fields[node.field];
  const holds = holdsPositive(f, base, values, value ?? null, w.now);
  return base === node.op ? holds : !holds;
}

function holdsPositive(f: ResolvedField, op: FieldOp, v: CheckedValues, value: unknown, now: Date): boolean {
  if (op === 'isEmpty') return value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (value === null) return false;
  switch (f.kind) {
    case 'text': {
      const s = String(value).toLowerCase();
      const q = String(v.value).toLowerCase();
      return op === 'eq' ? s === q : op === 'contains' ? s.includes(q) : s.startsWith(q);
    }
    case 'number': {
      const n = value as number;
      const cmp: Record<string, boolean> = { eq: n === v.value, lt: n < (v.value as number), lte: n <= (v.value as number), gt: n > (v.value as number), gte: n >= (v.value as number), between: n >= (v.from as number) && n <= (v.to as number) };
      return cmp[op];
    }
    case 'date':
      return dateHolds(op, v, value as string, now);
    case 'timestamp': {
      const t = (value as Date).getTime();
      const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
      const days = (v.days ?? 0) * 86_400_000;
      if (op === 'before') return t < day(String(v.value));
      if (op === 'after') return t >= day(String(v.value)) + 86_400_000;
      if (op === 'between') return t >= day(String(v.from)) && t < day(String(v.to)) + 86_400_000;
      if (op === 'inLast') return t >= now.getTime() - days && t <= now.getTime();
      return t >= now.getTime() && t <= now.getTime() + days;
    }
    case 'boolean':
      return value === v.value;
    case 'select':
      return v.values!.includes(value as string);
    case 'multiselect': {
      const have = value as string[];
      return op === 'allOf' ? v.values!.every((o) => have.includes(o)) : v.values!.some((o) => have.includes(o));
    }
  }
}

function dateHolds(op: FieldOp, v: CheckedValues, d: string, now: Date): boolean {
  const today = utcToday(now);
  switch (op) {
    case 'eq':
      return d === v.value;
    case 'before':
      return d < String(v.value);
    case 'after':
      return d > String(v.value);
    case 'between':
      return d >= String(v.from) && d <= String(v.to);
    case 'inLast':
      return d >= addDays(today, -v.days!) && d <= today;
    case 'inNext':
      return d >= today && d <= addDays(today, v.days!);
    default:
      return nextAnniversary(d, today) <= addDays(today, v.days!);
  }
}

/** The next day on or after today that celebrates `date` (29 Feb falls on 28 Feb in a common year). */
function nextAnniversary(date: string, today: string): string {
  const on = (year: number) => {
    const md = date.slice(5) === '02-29' && !isLeapYear(year) ? '02-28' : date.slice(5);
    return `${year}-${md}`;
  };
  const year = Number(today.slice(0, 4));
  return on(year) >= today ? on(year) : on(year + 1);
}
