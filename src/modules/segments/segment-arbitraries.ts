import fc from 'fast-check';
import { addDays, utcToday } from './segment-dates.js';
import type { SegmentNode } from './segment-tree.schema.js';

/**
 * fast-check generators for the property test: a small random workspace (contacts, companies,
 * events, list memberships, consents) around a random "now", and random condition trees over it.
 * Trees name users, segments and lists by placeholder (1, 2) that the test maps to real ids.
 * Values come from small pools so conditions actually match some contacts, with the edges that break SQL: '%' and '_' in
 * text, 29 February, New Year, a day exactly N days ago.
 */
export const NOWS = ['2024-12-29T10:00:00Z', '2025-02-26T23:30:00Z', '2024-02-27T00:00:00Z', '2023-12-31T12:00:00Z', '2024-06-15T08:00:00Z'];
export const nowArb = fc.oneof(fc.constantFrom(...NOWS), fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString())).map((s) => new Date(s));

const TEXT = ['ann', 'Anna', 'bob', 'a_b', '50%', 'x', ''];
const WORDS = ['an', 'A', 'b', '_', '%', 'son', 'ann', 'a_b', '50%'];
export const TIERS = ['gold', 'silver', 'bronze'];
export const INTERESTS = ['golf', 'wine', 'jazz'];
export const SIZES = ['s', 'm', 'l'];
const KINDS = ['email_opened', 'email_clicked', 'purchase'];
export const WEB_PATHS = ['/pricing', '/pricing/team', '/Pricing', '/blog/a_b', '/blog/axb', '/50%'];
export const WEB_NAMES = ['signed_up', 'Order Completed'];
const MEMBER_STATUSES = ['subscribed', 'unsubscribed', 'pending'] as const;
const CONSENT_STATUSES = ['granted', 'withdrawn', 'pending'] as const;

/** A day near `now` (offset in days) or a fixed edge, as YYYY-MM-DD in a given birth year. */
export const dayArb = fc.oneof(fc.integer({ min: -8, max: 8 }).map((k) => ({ k })), fc.integer({ min: -40, max: 40 }).map((k) => ({ k })), fc.constantFrom('02-29', '02-28', '03-01', '12-31', '01-01').map((md) => ({ md })));
export function dayOf(d: { k?: number; md?: string }, now: Date, year?: number): string {
  const base = d.md ? `2000-${d.md}` : addDays(utcToday(now), d.k!);
  if (year === undefined) return d.md ? `${utcToday(now).slice(0, 4)}-${d.md === '02-29' ? '02-28' : d.md}` : base;
  const md = base.slice(5);
  return `${md === '02-29' && !(year % 4 === 0) ? 2000 : year}-${md}`;
}

export const contactArb = fc.record({
  firstName: fc.constantFrom(...TEXT), lastName: fc.constantFrom(...TEXT), email: fc.option(fc.constantFrom('a@x.test', 'ann@b_c.test', 'z@50%.test')),
  jobTitle: fc.option(fc.constantFrom(...TEXT)),
  birthday: fc.option(fc.record({ d: dayArb, year: fc.constantFrom(1988, 1990, 2000) })),
  createdHoursAgo: fc.oneof(fc.integer({ min: -24 * 20, max: 24 * 60 }), fc.constantFrom(-24 * 3, 0, 24 * 3)),
  owner: fc.constantFrom(0, 1, 2), company: fc.constantFrom(0, 1, 2),
  tags: fc.uniqueArray(fc.constantFrom('vip', 'news', 'lead'), { maxLength: 3 }),
  score: fc.option(fc.constantFrom(-1, 0, 5, 10, 50, 99.5)), renewal: fc.option(dayArb), tier: fc.option(fc.constantFrom(...TIERS)),
  interests: fc.option(fc.uniqueArray(fc.constantFrom(...INTERESTS), { maxLength: 3 })), active: fc.option(fc.boolean()), nick: fc.option(fc.constantFrom(...TEXT)),
  events: fc.array(fc.record({
    kind: fc.constantFrom(...KINDS), hoursAgo: fc.oneof(fc.integer({ min: 0, max: 24 * 60 }), fc.constantFrom(0, 24, 24 * 7, 24 * 30)),
    campaignId: fc.option(fc.constantFrom('c1', 'c2', 'C1')), amount: fc.option(fc.constantFrom(0, 10, 55, 100)),
  }), { maxLength: 5 }),
  inStatic: fc.boolean(),
  // Website and API events (web_events), through one of two visitors of the contact.
  web: fc.array(fc.record({
    page: fc.boolean(), path: fc.constantFrom(...WEB_PATHS), name: fc.constantFrom(...WEB_NAMES), visitor: fc.constantFrom(0, 1),
    hoursAgo: fc.oneof(fc.integer({ min: 0, max: 24 * 40 }), fc.constantFrom(0, 24, 24 * 7)), amount: fc.option(fc.constantFrom(0, 10, 55)),
  }), { maxLength: 5 }),
  // Placeholder lists 1 and 2 (the test maps them to real ids); consent list 0 = channel-wide.
  lists: fc.uniqueArray(fc.record({ list: fc.constantFrom(1, 2), status: fc.constantFrom(...MEMBER_STATUSES) }), { maxLength: 2, selector: (m) => m.list }),
  consents: fc.uniqueArray(fc.record({ list: fc.constantFrom(0, 1, 2), status: fc.constantFrom(...CONSENT_STATUSES) }), { maxLength: 3, selector: (k) => k.list }),
});
export type GenContact = typeof contactArb extends fc.Arbitrary<infer T> ? T : never;
export type GenCompany = typeof companyArb extends fc.Arbitrary<infer T> ? T : never;
export const companyArb = fc.record({ name: fc.constantFrom('Acme', 'acme corp', 'B_Co'), domain: fc.option(fc.constantFrom('acme.test', 'b.test')), industry: fc.option(fc.constantFrom('retail', 'tech')), size: fc.option(fc.constantFrom(...SIZES)) });

const textOps = fc.constantFrom('eq', 'neq', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty');
const textCond = (field: string) => fc.record({ field: fc.constant(field), op: textOps, value: fc.constantFrom(...WORDS) });
const numberCond = fc.oneof(
  fc.record({ field: fc.constant('custom.score'), op: fc.constantFrom('eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'isEmpty', 'isNotEmpty'), value: fc.constantFrom(-1, 0, 5, 10, 50, 99.5) }),
  fc.record({ field: fc.constant('custom.score'), op: fc.constant('between'), from: fc.constantFrom(0, 5, 10), to: fc.constantFrom(5, 50, 100) }),
);
const dateCond = (field: string, now: Date, kind: 'date' | 'timestamp') => fc.oneof(
  fc.record({ field: fc.constant(field), op: fc.constantFrom(...(kind === 'date' ? ['eq', 'before', 'after'] : ['before', 'after'])), value: dayArb.map((d) => dayOf(d, now)) }),
  fc.record({ field: fc.constant(field), op: fc.constant('between'), from: dayArb.map((d) => dayOf(d, now)), to: dayArb.map((d) => dayOf(d, now)) }),
  fc.record({ field: fc.constant(field), op: fc.constantFrom('inLast', 'inNext', ...(kind === 'date' ? ['anniversaryInNext', 'isEmpty', 'isNotEmpty'] : [])), days: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 45 })) }),
);
const optionsCond = (field: string, options: string[], multi: boolean) =>
  fc.record({ field: fc.constant(field), op: fc.constantFrom('anyOf', 'noneOf', 'isEmpty', 'isNotEmpty', ...(multi ? ['allOf'] : [])), values: fc.uniqueArray(fc.constantFrom(...options), { minLength: 1, maxLength: 2 }) });

const property = fc.oneof(
  fc.record({ property: fc.constantFrom('campaignId', 'amount'), op: fc.constantFrom('eq', 'neq', 'contains'), value: fc.constantFrom<string | number>('c1', 'C1', 'c', 10, 0) }),
  fc.record({ property: fc.constantFrom('campaignId', 'amount'), op: fc.constantFrom('gt', 'lt'), value: fc.constantFrom(0, 10, 60) }),
);
const event = fc.record({
  type: fc.constant('event'), kind: fc.constantFrom(...KINDS, 'custom.never_happens'), negate: fc.boolean(), minCount: fc.constantFrom(1, 1, 2, 3),
  withinDays: fc.option(fc.constantFrom(1, 7, 30), { nil: undefined }), where: fc.option(fc.array(property, { maxLength: 2 }), { nil: undefined }),
});

/**
 * Trees of behaviours only, which segment-count.ts counts from the events alone: an OR of
 * "did X" (sometimes one "did not" or "at least N times" that must send it back to the rows
 * query), written directly or as NOT over an AND of negations, inside single-child groups.
 */
export const behaviourTreeArb: fc.Arbitrary<SegmentNode> = fc
  .record({ events: fc.array(event.map((e) => ({ ...e, negate: false })), { minLength: 1, maxLength: 3 }), odd: fc.option(event, { freq: 4 }), shape: fc.constantFrom('or', 'not-and', 'and-or') })
  .map(({ events, odd, shape }): SegmentNode => {
    const did = [...events, ...(odd ? [odd] : [])] as SegmentNode[];
    if (shape === 'or') return { type: 'or', children: did };
    if (shape === 'and-or') return { type: 'and', children: [{ type: 'or', children: did }] };
    return { type: 'not', child: { type: 'and', children: did.map((n) => ({ type: 'not', child: n }) as SegmentNode) } };
  });

export function treeArb(now: Date): fc.Arbitrary<SegmentNode> {
  const field = fc.oneof(
    textCond('firstName'), textCond('fullName'), textCond('email'), textCond('jobTitle'), textCond('custom.nick'), numberCond,
    dateCond('birthday', now, 'date'), dateCond('custom.renewal', now, 'date'), dateCond('createdAt', now, 'timestamp'),
    fc.record({ field: fc.constant('custom.active'), op: fc.constantFrom('eq', 'isEmpty', 'isNotEmpty'), value: fc.boolean() }),
    optionsCond('custom.tier', TIERS, false), optionsCond('custom.interests', INTERESTS, true),
  ).map((c) => ({ type: 'field', ...c }));
  const company = fc.oneof(textCond('name'), textCond('domain'), textCond('industry'), optionsCond('custom.size', SIZES, false)).map((c) => ({ type: 'company', ...c }));
  const tags = fc.record({ type: fc.constant('tags'), op: fc.constantFrom('hasAny', 'hasAll', 'hasNone'), tags: fc.uniqueArray(fc.constantFrom('vip', 'NEWS', 'lead', 'other'), { minLength: 1, maxLength: 2 }) });
  const owner = fc.record({ type: fc.constant('owner'), op: fc.constantFrom('is', 'isNot', 'isEmpty', 'isNotEmpty'), userId: fc.constantFrom(1, 2) });
  const segment = fc.record({ type: fc.constant('segment'), segmentId: fc.constantFrom(1, 2) });
  const list = fc.record({ type: fc.constant('list'), op: fc.constantFrom('member', 'notMember'), listId: fc.constantFrom(1, 2), status: fc.option(fc.constantFrom(...MEMBER_STATUSES), { nil: undefined }) });
  const consent = fc.record({ type: fc.constant('consent'), channel: fc.constant('email'), listId: fc.option(fc.constantFrom(1, 2), { nil: undefined }), status: fc.constantFrom(...CONSENT_STATUSES) });
  const visited = fc.record({
    type: fc.constant('visited'), urlPattern: fc.constantFrom('/pricing*', '/PRICING', '*team', 'https://shop.test/blog/a_b', '/blog/a_b', '/50%', '/5*'),
    minCount: fc.constantFrom(1, 1, 2), withinDays: fc.constantFrom(1, 7, 30), negate: fc.boolean(),
  });
  const tracked = fc.record({
    type: fc.constant('tracked'), name: fc.constantFrom(...WEB_NAMES, 'never'), minCount: fc.constantFrom(1, 2), negate: fc.boolean(),
    withinDays: fc.option(fc.constantFrom(1, 7, 30), { nil: undefined }), where: fc.option(fc.array(property, { maxLength: 1 }), { nil: undefined }),
  });
  const leaf = fc.oneof(field, company, tags, owner, event, event, segment, list, consent, visited, tracked) as fc.Arbitrary<SegmentNode>;
  const { node } = fc.letrec<{ node: SegmentNode }>((tie) => ({
    node: fc.oneof({ maxDepth: 3, depthIdentifier: 'tree' }, leaf, leaf,
      fc.record({ type: fc.constantFrom('and', 'or'), children: fc.array(tie('node'), { maxLength: 3, depthIdentifier: 'tree' }) }) as fc.Arbitrary<SegmentNode>,
      fc.record({ type: fc.constant('not'), child: tie('node') }) as fc.Arbitrary<SegmentNode>),
  }));
  return node;
}
