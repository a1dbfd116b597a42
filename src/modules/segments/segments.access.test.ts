import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { caller, makePipeline } from '../deals/deals.fixtures.js';

/**
 * Segments read only what the evaluating actor may read (issue 7 §2): a condition on an event
 * kind or property the actor may not read is a 403 naming it, saved segments are re-checked for
 * whoever evaluates them (through references and frozen snapshots too), and a sales user who
 * sees only their own deals tests only those deals' events.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let owner: ReturnType<typeof caller>;
let marketingKey: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  owner = caller(t.app, ws.owner.headers);
  marketingKey = { authorization: `Bearer ${await ws.apiKey('marketing')}` };
  const contact = (await owner('POST', '/api/v1/contacts', { firstName: 'Noted' })).body;
  await owner('POST', `/api/v1/contacts/${contact.id}/notes`, { body: 'the wifi password is hunter2' });
});
afterAll(async () => t.close());

const notesTree = { type: 'event', kind: 'note_added', where: [{ property: 'body', op: 'contains', value: 'hunter2' }] };
const preview = (tree: object, headers: Record<string, string>) => owner('POST', '/api/v1/segments/preview', { tree }, headers);

describe('segment access', () => {
  it('refuses a marketing key a condition on notes, deals or activities, naming the kind (it counted 1 before)', async () => {
    expect((await preview(notesTree, ws.owner.headers)).body.count).toBe(1);
    const res = await preview(notesTree, marketingKey);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { kind: 'note_added', permission: 'notes:read', fields: [{ path: 'tree.kind' }] } });
    expect(res.body.error.message).toContain('"note_added"');
    expect((await owner('GET', '/api/v1/contacts/1/notes', undefined, marketingKey)).status).toBe(403);
    for (const tree of [
      { type: 'event', kind: 'deal_created', where: [{ property: 'value', op: 'gt', value: 100 }] },
      { type: 'not', child: { type: 'event', kind: 'activity_created', where: [{ property: 'subject', op: 'contains', value: 'a' }] } },
    ]) expect((await preview(tree, marketingKey)).status).toBe(403);
  });

  it('re-checks a saved segment for whoever evaluates it: count, contacts, the contacts view, references and snapshots', async () => {
    const notes = (await owner('POST', '/api/v1/segments', { name: 'Password notes', tree: notesTree })).body;
    expect((await owner('GET', `/api/v1/segments/${notes.id}/count`)).body.count).toBe(1);
    const usesIt = (await owner('POST', '/api/v1/segments', { name: 'Uses notes', tree: { type: 'or', children: [{ type: 'tags', op: 'hasAny', tags: ['zzz'] }, { type: 'segment', segmentId: notes.id }] } })).body;
    const frozen = (await owner('POST', `/api/v1/segments/${notes.id}/snapshot`, {})).body;
    expect(frozen.lastCount).toBe(1);
    for (const id of [notes.id, usesIt.id, frozen.id]) {
      for (const url of [`/api/v1/segments/${id}/count`, `/api/v1/segments/${id}/contacts`, `/api/v1/contacts?segmentId=${id}`]) {
        const res = await owner('GET', url, undefined, marketingKey);
        expect(res.status, url).toBe(403);
        expect(res.body.error.message, url).toContain('"note_added"');
      }
      expect((await owner('POST', `/api/v1/segments/${id}/snapshot`, {}, marketingKey)).status).toBe(403);
    }
    // Through a reference, the error points at the reference and names the segment.
    expect((await owner('GET', `/api/v1/segments/${usesIt.id}/count`, undefined, marketingKey)).body.error.details.fields[0]).toMatchObject({ path: 'tree.children[1].segmentId' });
    expect((await owner('GET', `/api/v1/segments/${usesIt.id}/count`, undefined, marketingKey)).body.error.message).toContain('segment "Password notes"');
    // The remembered count is not shown to a reader who could not compute it.
    const listed = (await owner('GET', '/api/v1/segments?limit=100', undefined, marketingKey)).body.data;
    expect(listed.find((s: { id: number }) => s.id === notes.id)).toMatchObject({ lastCount: null, lastCountedAt: null });
    expect((await owner('GET', `/api/v1/segments/${frozen.id}`, undefined, marketingKey)).body.lastCount).toBeNull();
    expect((await owner('GET', `/api/v1/segments/${notes.id}`)).body.lastCount).toBe(1);
    // Saving a tree with a kind the role may not read is refused the same way.
    expect((await owner('POST', '/api/v1/segments', { name: 'Sneaky', tree: { type: 'segment', segmentId: notes.id } }, marketingKey)).status).toBe(403);
  });

  it('limits a sales user who sees only their own deals to those deals’ events: no bisecting a hidden deal’s value', async () => {
    const alice = await ws.as('sales');
    const pipeline = await makePipeline(t.app, ws.owner.headers);
    const shared = (await owner('POST', '/api/v1/contacts', { firstName: 'Shared' })).body;
    const hers = (await owner('POST', '/api/v1/contacts', { firstName: 'Hers' })).body;
    await owner('POST', '/api/v1/deals', { title: 'Secret', value: 1000, currency: 'EUR', pipelineId: pipeline.id, contactIds: [shared.id], ownerId: ws.owner.actor.userId });
    await owner('POST', '/api/v1/deals', { title: 'Mine', value: 10, currency: 'EUR', pipelineId: pipeline.id, contactIds: [hers.id], ownerId: alice.actor.userId });
    const over = (n: number) => ({ type: 'event', kind: 'deal_created', where: [{ property: 'value', op: 'gt', value: n }] });
    const count = async (n: number, headers: Record<string, string>) => (await preview(over(n), headers)).body.count;
    expect(await count(500, ws.owner.headers)).toBe(1);
    expect(await count(500, alice.headers)).toBe(0);
    expect(await count(5, alice.headers)).toBe(1);
    // A saved segment counted by her is her count only: it is not remembered for everyone.
    const big = (await owner('POST', '/api/v1/segments', { name: 'Big deals', tree: over(500) })).body;
    await owner('GET', `/api/v1/segments/${big.id}/count`);
    expect((await owner('GET', `/api/v1/segments/${big.id}/count`, undefined, alice.headers)).body.count).toBe(0);
    expect((await owner('GET', `/api/v1/segments/${big.id}`)).body.lastCount).toBe(1);
    expect((await owner('GET', `/api/v1/segments/${big.id}`, undefined, alice.headers)).body.lastCount).toBeNull();
    // Frozen members were computed over every deal: refused rather than shown whole.
    const frozen = (await owner('POST', `/api/v1/segments/${big.id}/snapshot`, {})).body;
    expect((await owner('GET', `/api/v1/segments/${frozen.id}/count`, undefined, alice.headers)).status).toBe(403);
    await owner('PATCH', '/api/v1/workspace', { settings: { salesSeeAllDeals: true } });
    expect(await count(500, alice.headers)).toBe(1);
    expect((await owner('GET', `/api/v1/segments/${frozen.id}/count`, undefined, alice.headers)).body.count).toBe(1);
  });

  it('refuses unknown kinds and properties with a 400, and allows custom.* events with any property', async () => {
    const bad = async (tree: object) => (await preview(tree, ws.owner.headers)).body.error;
    expect((await bad({ type: 'event', kind: 'notes_added' })).details.fields[0]).toMatchObject({ path: 'tree.kind' });
    expect((await bad({ type: 'event', kind: 'note_added', where: [{ property: 'bodyy', op: 'eq', value: 'x' }] })).details.fields[0]).toMatchObject({ path: 'tree.where[0].property' });
    expect((await bad({ type: 'event', kind: 'note_added', where: [{ property: 'body', op: 'gt', value: 1 }] })).details.fields[0]).toMatchObject({ path: 'tree.where[0].op' });
    const custom = await preview({ type: 'event', kind: 'custom.trial_started', where: [{ property: 'plan', op: 'eq', value: 'pro' }] }, marketingKey);
    expect(custom.status).toBe(200);
    expect(custom.body.count).toBe(0);
  });
});
