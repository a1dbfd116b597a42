import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import * as repo from './orders.repo.js';
import { ORDER_STATUSES, upsertOrderBody } from './orders.schema.js';
import { upsertOrder } from './orders.service.js';
import { createProduct } from './products.service.js';

/**
 * Idempotent ingestion (issue 12): any replay and any order of arrival of an order's versions
 * ends in the same stored order and lines. Two workspaces receive the same versions in two
 * different orders, with replays; their final orders must be equal, and equal to the newest version.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  [a, b] = [await newWorkspace(t.ctx, 'A'), await newWorkspace(t.ctx, 'B')];
  for (const ws of [a, b]) await createProduct({ ctx: t.ctx, actor: ws.owner.actor, input: { sku: 'MUG-1', name: 'Mug', category: 'Kitchen', price: 12.5, currency: 'EUR' } });
});
afterAll(async () => t.close());

const line = fc.oneof(
  fc.record({ sku: fc.constant('MUG-1'), quantity: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ sku: fc.constant('AD-HOC'), name: fc.constant('Wrapping'), quantity: fc.integer({ min: 1, max: 3 }), unitPrice: fc.integer({ min: 0, max: 999 }).map((c) => c / 100) }),
);
// Few distinct times, so equal versions with different contents (ties) are common.
const version = fc.record({
  status: fc.constantFrom(...ORDER_STATUSES),
  updatedAt: fc.integer({ min: 0, max: 4 }).map((h) => new Date(Date.UTC(2026, 10, 1, 10 + h)).toISOString()),
  lines: fc.array(line, { maxLength: 3 }),
  shipping: fc.constantFrom(0, 4.9),
});
const scenario = fc.array(version, { minLength: 1, maxLength: 5 }).chain((versions) => {
  const withReplays = fc.array(fc.nat({ max: versions.length - 1 }), { maxLength: 4 }).map((extra) => [...versions.keys(), ...extra]);
  return fc.tuple(fc.constant(versions), withReplays.chain((ix) => fc.shuffledSubarray(ix, { minLength: ix.length })), withReplays.chain((ix) => fc.shuffledSubarray(ix, { minLength: ix.length })));
});

async function stateOf(ws: TestWorkspace, externalId: string) {
  const row = await t.ctx.db.selectFrom('orders').selectAll().where('workspace_id', '=', ws.id).where('external_id', '=', externalId).executeTakeFirstOrThrow();
  const lines = await repo.listOrderLines(t.ctx.db, ws.id, [row.id]);
  const { id: _id, workspace_id: _w, contact_id: _c, created_at: _ca, updated_at: _ua, ...order } = row;
  return { order, lines: lines.map(({ order_id: _o, product_id, ...l }) => ({ ...l, linked: product_id !== null })) };
}

let run = 0;
describe('order upserts (property)', () => {
  it('end in the same state whatever the order of arrival and the replays', async () => {
    await fc.assert(fc.asyncProperty(scenario, async ([versions, orderA, orderB]) => {
      const externalId = `prop-${run++}`;
      const input = (i: number) => upsertOrderBody.parse({ externalId, customer: { email: 'p@example.com' }, placedAt: '2026-11-01T09:00:00Z', currency: 'EUR', ...versions[i] });
      for (const i of orderA) await upsertOrder({ ctx: t.ctx, actor: a.owner.actor, input: input(i) });
      for (const i of orderB) await upsertOrder({ ctx: t.ctx, actor: b.owner.actor, input: input(i) });
      const [sa, sb] = [await stateOf(a, externalId), await stateOf(b, externalId)];
      expect(sa).toEqual(sb);
      const newest = Math.max(...versions.map((v) => Date.parse(v.updatedAt)));
      expect(sa.order.source_updated_at.getTime()).toBe(newest);
      const candidates = versions.filter((v) => Date.parse(v.updatedAt) === newest);
      expect(candidates.map((v) => v.status)).toContain(sa.order.status);
    }), { numRuns: 25 });
  });
});
