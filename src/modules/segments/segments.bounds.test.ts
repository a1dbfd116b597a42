import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { jsonb } from '../../db/executor.js';
import { MAX_DEPTH, MAX_NODES } from './segment-bounds.js';

/**
 * Trees a request can make expensive are refused up front with a 400 that says why (issue 7 §3):
 * nesting 1,000–10,000 deep (a stack overflow, 500, before), segments OR-ing segments (five
 * levels of ten: 100,000 conditions, a 500 "bind message has 34465 parameter formats" before),
 * while the largest tree allowed still runs.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const call = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: ws.owner.headers });
const nested = (depth: number, leaf: object = { type: 'tags', op: 'hasAny', tags: ['x'] }) => {
  let tree: object = leaf;
  for (let i = 0; i < depth; i++) tree = i % 2 ? { type: 'not', child: tree } : { type: 'and', children: [tree] };
  return tree;
};

/** The same tree as JSON text, built without recursion (JSON.stringify itself overflows at 10,000 levels). */
const nestedJson = (depth: number) => {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = depth - 1; i >= 0; i--) {
    open.push(i % 2 ? '{"type":"not","child":' : '{"type":"and","children":[');
    close.unshift(i % 2 ? '}' : ']}');
  }
  return `${open.join('')}{"type":"tags","op":"hasAny","tags":["x"]}${close.join('')}`;
};

describe('segment bounds', () => {
  it.each([1_000, 10_000])('refuses a tree nested %i deep with a 400 naming the depth', async (depth) => {
    for (const url of ['/api/v1/segments/preview', '/api/v1/segments']) {
      const payload = `{"name":"deep ${depth}","tree":${nestedJson(depth)}}`;
      const res = await t.app.inject({ method: 'POST', url, payload, headers: { ...ws.owner.headers, 'content-type': 'application/json' } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.message).toContain(`at most ${MAX_DEPTH} levels`);
    }
  });

  it('accepts the deepest and the largest tree allowed, with conditions of many parameters', async () => {
    expect(JSON.parse(nestedJson(7))).toEqual(nested(7));
    expect((await call('POST', '/api/v1/segments/preview', { tree: nested(MAX_DEPTH) })).statusCode).toBe(200);
    const where = Array.from({ length: 10 }, (_, i) => ({ property: `p${i}`, op: 'contains', value: `v${i}` }));
    const leaves = Array.from({ length: 49 }, (_, i) => ({ type: 'event', kind: 'purchase', withinDays: 1 + i, where }));
    const groups = Array.from({ length: Math.floor((MAX_NODES - 1) / 50) }, () => ({ type: 'or', children: leaves }));
    const res = await call('POST', '/api/v1/segments/preview', { tree: { type: 'and', children: groups } });
    expect(res.statusCode, res.body).toBe(200);
    const tooMany = await call('POST', '/api/v1/segments/preview', { tree: { type: 'and', children: [...groups, { type: 'or', children: leaves }] } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain(`at most ${MAX_NODES} conditions`);
  });

  it('refuses segments whose references fan out past the bound, saved or counted', async () => {
    const level = (children: object[]) => ({ type: 'or', children });
    const l1 = (await call('POST', '/api/v1/segments', { name: 'L1', tree: level(Array.from({ length: 10 }, (_, i) => ({ type: 'event', kind: 'email_opened', withinDays: i + 1 }))) })).json();
    const l2 = (await call('POST', '/api/v1/segments', { name: 'L2', tree: level(Array.from({ length: 10 }, () => ({ type: 'segment', segmentId: l1.id }))) })).json();
    expect((await call('GET', `/api/v1/segments/${l2.id}/count`)).statusCode).toBe(200); // 121 conditions
    const l3 = await call('POST', '/api/v1/segments', { name: 'L3', tree: level(Array.from({ length: 10 }, () => ({ type: 'segment', segmentId: l2.id }))) });
    expect(l3.statusCode).toBe(400);
    expect(l3.json().error.details.fields[0].path).toMatch(/^tree\.children\[\d\]\.segmentId$/);
    expect(l3.json().error.message).toContain(`more than ${MAX_NODES}`);
    // Levels 3 to 5 written before the bound existed (straight into the table): counting them is a 400, not a 500.
    let below = l2.id;
    for (const name of ['L3', 'L4', 'L5']) {
      const tree = level(Array.from({ length: 10 }, () => ({ type: 'segment', segmentId: below })));
      below = (await t.ctx.db.insertInto('segments').values({ workspace_id: ws.id, name, kind: 'dynamic', tree: jsonb(tree) }).returning('id').executeTakeFirstOrThrow()).id;
    }
    for (const url of [`/api/v1/segments/${below}/count`, `/api/v1/segments/${below}/contacts`, `/api/v1/contacts?segmentId=${below}`]) {
      const res = await call('GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.message).toContain(`more than ${MAX_NODES}`);
    }
    const deep = await t.ctx.db.insertInto('segments').values({ workspace_id: ws.id, name: 'Stored deep', kind: 'dynamic', tree: jsonb(nested(2_000)) }).returning('id').executeTakeFirstOrThrow();
    expect((await call('GET', `/api/v1/segments/${deep.id}/count`)).statusCode).toBe(400);
  });
});
