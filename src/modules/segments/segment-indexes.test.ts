import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { createPlannedIndexes, dropUnusedIndexes, indexReport, MAX_SEGMENT_INDEXES } from './segment-indexes.js';
import { listSegmentIndexes } from './segments.repo.js';

/**
 * Requests never run DDL (issue 7 §3): saving segments with range conditions on a custom field and
 * on event properties builds nothing; the operator's command builds what saved segments use, up
 * to a cap, and drops what no saved segment uses any more. Names are unique per run, since a
 * PostgreSQL test database is shared by the files running beside this one.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('segment indexes', () => {
  it('are built and dropped by the operator, never by saving a segment, and capped', async () => {
    const ws = await newWorkspace(t.ctx);
    const call = (method: 'POST' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: ws.owner.headers });
    const tag = randomUUID().slice(0, 8);
    const key = `spend_${tag}`;
    const props = [`amount${tag}`, `qty${tag}`, `weight${tag}`];
    expect((await call('POST', '/api/v1/custom-fields', { entity: 'contact', key, label: 'Spend', type: 'number' })).statusCode).toBe(201);
    const mine = (names: string[]) => names.filter((n) => n.includes(tag)).sort();
    const before = await listSegmentIndexes(t.ctx.db);
    const saved = [];
    for (const tree of [
      { type: 'field', field: `custom.${key}`, op: 'between', from: 1, to: 9 },
      { type: 'or', children: props.map((property) => ({ type: 'event', kind: 'purchase', where: [{ property, op: 'gt', value: 400 }] })) },
    ]) {
      const res = await call('POST', '/api/v1/segments', { name: `ranges ${tag} ${saved.length}`, tree });
      expect(res.statusCode).toBe(201);
      saved.push(res.json().id);
    }
    expect(mine((await listSegmentIndexes(t.ctx.db)).map((i) => i.name))).toEqual([]); // saving built nothing
    expect((await listSegmentIndexes(t.ctx.db)).length).toBe(before.length);

    const wanted = [`contacts_seg_${key}_num_idx`, ...props.map((p) => `timeline_prop_${p}_num_idx`)].sort();
    expect(mine((await indexReport(t.ctx.db)).missing.map((m) => m.name))).toEqual(wanted);
    const concurrently = t.ctx.database.kind === 'postgres';
    // The cap: with room for two more segment indexes, two are built and the rest is left out.
    const existing = (await listSegmentIndexes(t.ctx.db)).length;
    const first = await createPlannedIndexes(t.ctx.db, { concurrently, max: existing + 2 });
    expect(first.built).toHaveLength(2);
    expect(first.leftOut.length).toBeGreaterThanOrEqual(2);
    expect((await listSegmentIndexes(t.ctx.db)).length).toBe(existing + 2);
    await createPlannedIndexes(t.ctx.db, { concurrently, max: MAX_SEGMENT_INDEXES });
    expect(mine((await listSegmentIndexes(t.ctx.db)).map((i) => i.name))).toEqual(wanted);
    expect(MAX_SEGMENT_INDEXES).toBeLessThanOrEqual(20);

    for (const id of saved) expect((await call('DELETE', `/api/v1/segments/${id}`)).statusCode).toBe(204);
    const dropped = await dropUnusedIndexes(t.ctx.db, { concurrently });
    expect(mine(dropped.dropped)).toEqual(wanted);
    expect(mine((await listSegmentIndexes(t.ctx.db)).map((i) => i.name))).toEqual([]);
  });
});
