import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { listContactsQuery } from './contacts.schema.js';
import { listContacts, listContactsJson } from './contacts.service.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let companyId: number;
let ownerId: number;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  const call = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: ws.owner.headers });
  await call('/api/v1/custom-fields', { entity: 'contact', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
  await call('/api/v1/custom-fields', { entity: 'contact', key: 'score', label: 'Score', type: 'number' });
  await call('/api/v1/custom-fields', { entity: 'contact', key: 'nick', label: 'Nick', type: 'text' });
  await call('/api/v1/custom-fields', { entity: 'contact', key: 'active', label: 'Active', type: 'boolean' });
  companyId = (await call('/api/v1/companies', { name: 'Ünïcode “Co” \\ "quoted"' })).json().id;
  ownerId = (await ws.as('sales')).actor.userId!;
  const contacts = [
    { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+44 20 1234', jobTitle: 'Analyst', birthday: '1815-12-10', companyId, ownerId, tags: ['vip', 'math'], custom: { tier: 'gold', score: 12.5, nick: 'Ada "the" \\ first\n\t😀', active: true } },
    { firstName: 'Zoë', lastName: 'Ñúñez 李', email: null, tags: [], custom: {} },
    { firstName: '', lastName: '', email: 'only@example.com' },
    { firstName: 'Control', lastName: 'Chars \u0001\u001f\u007f</script>', phone: '12', custom: { score: -3, active: false } },
    ...Array.from({ length: 9 }, (_, i) => ({ firstName: `Lars${i}`, lastName: 'Berg', email: `lars${i}@example.com`, ownerId: i % 2 ? ownerId : undefined, companyId: i % 3 ? companyId : undefined, tags: i % 2 ? ['vip'] : ['lead'] })),
  ];
  for (const c of contacts) expect((await call('/api/v1/contacts', c)).statusCode).toBe(201);
  // Times with microseconds: JavaScript's Date kept only the milliseconds.
  await sql`update contacts set updated_at = updated_at + interval '0.000999 seconds' * id where workspace_id = ${ws.id}`.execute(t.ctx.db);
});
afterAll(async () => t.close());

const cases: Record<string, string>[] = [
  {}, { limit: '3' }, { limit: '7' }, { sort: 'name', order: 'asc' }, { sort: 'email' }, { sort: 'createdAt', order: 'asc', limit: '2' },
  { q: 'lars' }, { q: 'ada gold' }, { q: '!!!' }, { tag: 'VIP' }, { ownerId: '0' }, { companyId: '0' }, { tag: 'vip', q: 'lars', limit: '1' },
  { filters: JSON.stringify([{ field: 'custom.score', op: 'gt', value: 0 }]) }, { filters: JSON.stringify([{ field: 'email', op: 'isEmpty' }]) },
];

/** The old answer (objects mapped by presentContact, serialised by JSON.stringify) and the new text. */
async function both(raw: Record<string, string>, cursor?: string) {
  const input: Record<string, string> = { ...raw, ...(cursor ? { cursor } : {}) };
  for (const k of ['ownerId', 'companyId'] as const) if (input[k] === '0') input[k] = String(k === 'ownerId' ? ownerId : companyId);
  const query = listContactsQuery.parse(input);
  const old = JSON.stringify(await listContacts({ ctx: t.ctx, actor: ws.owner.actor, query }));
  const text = await listContactsJson({ ctx: t.ctx, actor: ws.owner.actor, query });
  return { old, text };
}

describe('contacts page as JSON text', () => {
  it('says what JSON.stringify said of the mapped rows, on every page, for every shape', async () => {
    for (const c of cases) {
      let cursor: string | undefined;
      let pages = 0;
      do {
        const { old, text } = await both(c, cursor);
        // Same keys in the same order, same values and types; `custom` is jsonb's own printing.
        expect(JSON.stringify(JSON.parse(text)), JSON.stringify(c)).toBe(old);
        // Byte for byte once each `custom` is printed compactly.
        expect(text.replace(/"custom":(\{[^{}]*\})/g, (_m, o: string) => `"custom":${JSON.stringify(JSON.parse(o))}`)).toBe(old);
        cursor = JSON.parse(old).nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 20);
      // Each shape runs twice: once compiled, once re-bound from the cache.
      const again = await both(c);
      expect(JSON.stringify(JSON.parse(again.text))).toBe(again.old);
    }
  });

  it('is byte for byte what JSON.stringify gave when custom values are empty', async () => {
    const { old, text } = await both({ q: 'zoë' });
    expect(JSON.parse(text).data).toHaveLength(1);
    expect(text).toBe(old);
  });

  it('is served as application/json with the same body over HTTP', async () => {
    const res = await t.app.inject({ url: '/api/v1/contacts?limit=2&sort=name', headers: ws.owner.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.stringify(res.json())).toBe((await both({ limit: '2', sort: 'name' })).old);
  });
});
