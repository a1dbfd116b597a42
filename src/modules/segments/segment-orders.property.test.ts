import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { SYSTEM_READER } from '../timeline/event-access.js';
import { treeContactsQuery } from './segment-compiler.js';
import { treeCountQuery } from './segment-count.js';
import { loadCompileEnv } from './segment-contacts.js';
import { evaluateOrderNode, type EvalOrder, type OrderNode } from './segment-orders.js';
import type { SegmentNode } from './segment-tree.schema.js';

/**
 * Order conditions compiled to SQL select exactly the contacts the reference evaluator accepts,
 * for random orders (cancelled, refunded, other currencies, old and recent) and random conditions,
 * negated or not, on PGlite and PostgreSQL. Each run seeds a workspace of its own.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 86_400_000;
const SKUS = ['MUG-1', 'TEA-1', 'ADHOC'];
const CATEGORY: Record<string, string | null> = { 'MUG-1': 'Kitchen', 'TEA-1': 'Tea', ADHOC: null };

const orderArb: fc.Arbitrary<EvalOrder> = fc.record({
  status: fc.constantFrom('paid', 'fulfilled', 'cancelled', 'refunded', 'partially_refunded'),
  placedAt: fc.integer({ min: 0, max: 400 }).map((d) => new Date(NOW.getTime() - d * DAY - 3_600_000)),
  currency: fc.constantFrom('EUR', 'EUR', 'USD'),
  total: fc.integer({ min: 0, max: 20_000 }).map((c) => c / 100),
  refunded: fc.constant(0),
  lines: fc.array(fc.constantFrom(...SKUS).map((sku) => ({ sku, category: CATEGORY[sku]! })), { maxLength: 2 }),
}).map((o) => ({ ...o, refunded: o.status === 'refunded' ? o.total : o.status === 'partially_refunded' ? Math.round(o.total * 50) / 100 : 0 }));

const days = fc.option(fc.constantFrom(7, 30, 90, 365), { nil: undefined });
const nodeArb: fc.Arbitrary<OrderNode> = fc.oneof(
  fc.record({ type: fc.constant('orders' as const), metric: fc.constant('count' as const), op: fc.constantFrom('gte', 'gt', 'lte', 'lt', 'eq'), value: fc.integer({ min: 0, max: 3 }), withinDays: days }),
  fc.record({ type: fc.constant('orders' as const), metric: fc.constant('spend' as const), op: fc.constantFrom('gte', 'gt', 'lte', 'lt', 'eq'), value: fc.constantFrom(0, 50, 100, 250), currency: fc.constant('EUR'), withinDays: days }),
  fc.record({ type: fc.constant('lastOrder' as const), op: fc.constantFrom('inLast' as const, 'notInLast' as const), days: fc.constantFrom(7, 30, 180) }),
  fc.record({ type: fc.constant('lastOrder' as const), op: fc.constantFrom('before' as const, 'after' as const), value: fc.constantFrom('2026-06-01', '2026-11-20') }),
  fc.record({ type: fc.constant('bought' as const), sku: fc.constantFrom(...SKUS), withinDays: days }),
  fc.record({ type: fc.constant('bought' as const), category: fc.constantFrom('kitchen', 'TEA'), withinDays: days }),
).map((n) => JSON.parse(JSON.stringify(n)) as OrderNode); // drops undefined keys, as a stored tree would

async function seed(contacts: EvalOrder[][]): Promise<{ wsId: number; ids: number[] }> {
  const ws = await newWorkspace(t.ctx);
  const db = t.ctx.db;
  const ids: number[] = [];
  for (const [i, orders] of contacts.entries()) {
    const contactId = (await db.insertInto('contacts').values({ workspace_id: ws.id, first_name: `c${i}` }).returning('id').executeTakeFirstOrThrow()).id;
    ids.push(contactId);
    for (const [j, o] of orders.entries()) {
      const orderId = (await db.insertInto('orders').values({
        workspace_id: ws.id, external_id: `${i}-${j}`, source: 'api', contact_id: contactId, status: o.status as never, placed_at: o.placedAt, currency: o.currency,
        total: o.total, refunded: o.refunded, source_updated_at: o.placedAt, payload_hash: 'x', customer_email: null, customer_external_id: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      if (o.lines.length) await db.insertInto('order_lines').values(o.lines.map((l, p) => ({ workspace_id: ws.id, order_id: orderId, position: p, sku: l.sku, name: l.sku!, category: l.category, quantity: 1, unit_price: 1, total: 1 }))).execute();
    }
  }
  return { wsId: ws.id, ids };
}

describe('order segment conditions (property)', () => {
  it('select the contacts the reference evaluator accepts, negated or not, in the rows and the count query', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(orderArb, { maxLength: 4 }), { minLength: 3, maxLength: 6 }), fc.array(fc.tuple(nodeArb, fc.boolean()), { minLength: 1, maxLength: 6 }), async (contacts, conditions) => {
      const { wsId, ids } = await seed(contacts);
      const env = await loadCompileEnv(t.ctx.db, wsId, SYSTEM_READER, NOW);
      for (const [node, negate] of conditions) {
        const tree: SegmentNode = negate ? { type: 'not', child: node } : node;
        const expected = ids.filter((_, i) => evaluateOrderNode(node, contacts[i]!, NOW) !== negate);
        const rows = await treeContactsQuery(t.ctx.db, env, tree).execute();
        expect(rows.map((r) => r.contact_id).sort((a, b) => a - b), JSON.stringify(tree)).toEqual(expected);
        const { rows: [count] } = await treeCountQuery(t.ctx.db, env, tree).execute(t.ctx.db);
        expect(Number(count!.n)).toBe(expected.length);
      }
    }), { numRuns: 20 });
  });

  it('refuses a spend without currency, a bought without SKU or category, and roles that may not read orders', async () => {
    const ws = await newWorkspace(t.ctx);
    const preview = (tree: object, headers = ws.owner.headers) => t.app.inject({ method: 'POST', url: '/api/v1/segments/preview', headers, payload: { tree } });
    const spend = await preview({ type: 'orders', metric: 'spend', op: 'gte', value: 10 });
    expect(spend.statusCode).toBe(400);
    expect(spend.json().error.details.fields[0].path).toBe('tree.currency');
    expect((await preview({ type: 'bought' })).statusCode).toBe(400);
    expect((await preview({ type: 'bought', sku: 'A', category: 'B' })).statusCode).toBe(400);
    expect((await preview({ type: 'lastOrder', op: 'before' })).statusCode).toBe(400);
    const agency = await ws.as('agency');
    const refused = await preview({ type: 'and', children: [{ type: 'bought', category: 'tea' }] }, agency.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details).toMatchObject({ permission: 'orders:read', fields: [{ path: 'tree.children[0]' }] });
    expect((await preview({ type: 'orders', metric: 'count', op: 'gte', value: 1, withinDays: 30 })).json()).toMatchObject({ count: 0 });
  });
});
