import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = ws.owner.headers) =>
  t.app.inject({ method, url, payload, headers });

describe('contacts', () => {
  it('creates, reads, updates, tags and deletes a contact, writing the timeline and audit log', async () => {
    await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
    const created = await call('POST', '/api/v1/contacts', { firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Example.com', tags: ['VIP'], custom: { tier: 'gold' }, birthday: '1815-12-10' });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ fullName: 'Ada Lovelace', email: 'ada@example.com', tags: ['vip'], custom: { tier: 'gold' }, birthday: '1815-12-10' });

    const patched = await call('PATCH', `/api/v1/contacts/${c.id}`, { jobTitle: 'Analyst', custom: { tier: 'silver' } });
    expect(patched.json()).toMatchObject({ jobTitle: 'Analyst', custom: { tier: 'silver' } });
    await call('POST', `/api/v1/contacts/${c.id}/tags`, { tags: ['math'] });
    await call('DELETE', `/api/v1/contacts/${c.id}/tags/vip`);
    await call('POST', `/api/v1/contacts/${c.id}/notes`, { body: 'Prefers letters to calls' });

    const timeline = (await call('GET', `/api/v1/contacts/${c.id}/timeline`)).json().data;
    const kinds = timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['note_added', 'tag_removed', 'tag_added', 'field_changed', 'field_changed', 'tag_added', 'created']);
    expect(timeline.filter((e: { kind: string }) => e.kind === 'field_changed').map((e: { data: { field: string } }) => e.data.field).sort()).toEqual(['custom.tier', 'jobTitle']);

    const audit = (await call('GET', `/api/v1/audit-log?entity=contact&entityId=${c.id}`)).json().data;
    expect(audit[0].action).toBe('update');
    expect(audit.at(-1)).toMatchObject({ action: 'create', before: null });

    expect((await call('DELETE', `/api/v1/contacts/${c.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/contacts/${c.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input with a 400 naming each field, and writes nothing', async () => {
    await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'score', label: 'Score', type: 'number' });
    const res = await call('POST', '/api/v1/contacts', { firstName: 'X', email: 'nope', birthday: '2023-02-30' });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'birthday']));
    const custom = await call('POST', '/api/v1/contacts', { firstName: 'Y', custom: { score: 'high', nope: 1 }, ownerId: 999999 });
    expect(custom.statusCode).toBe(400);
    expect(custom.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['custom.score', 'custom.nope']);
    const owner = await call('POST', '/api/v1/contacts', { firstName: 'Y', ownerId: 999999 });
    expect(owner.json().error.details.fields[0].path).toBe('ownerId');
    const list = await call('GET', '/api/v1/contacts?q=Y');
    expect(list.json().data).toHaveLength(0);
  });

  it('keeps both of two concurrent tag additions, and refuses a tampered cursor with a 400', async () => {
    const c = (await call('POST', '/api/v1/contacts', { firstName: 'Concurrent' })).json();
    await Promise.all(['one', 'two', 'three'].map((tag) => call('POST', `/api/v1/contacts/${c.id}/tags`, { tags: [tag] })));
    expect((await call('GET', `/api/v1/contacts/${c.id}`)).json().tags.sort()).toEqual(['one', 'three', 'two']);
    const forged = Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url');
    const res = await call('GET', `/api/v1/contacts?sort=createdAt&cursor=${forged}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('cursor');
  });

  it('rejects a second contact with the same email', async () => {
    await call('POST', '/api/v1/contacts', { firstName: 'One', email: 'same@example.com' });
    const dup = await call('POST', '/api/v1/contacts', { firstName: 'Two', email: 'SAME@example.com' });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details.fields[0].path).toBe('email');
  });

  it('searches, filters by custom field and pages with a keyset cursor', async () => {
    const other = await newWorkspace(t.ctx);
    const h = other.owner.headers;
    await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: h, payload: { entity: 'contact', key: 'spend', label: 'Spend', type: 'number' } });
    for (let i = 0; i < 25; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: h, payload: { firstName: `Person${String(i).padStart(2, '0')}`, lastName: i % 2 ? 'Odd' : 'Even', email: `p${i}@corp${i % 3}.com`, custom: { spend: i * 10 } } });
    }
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = (await t.app.inject({ url: `/api/v1/contacts?sort=name&order=asc&limit=7${cursor ? `&cursor=${cursor}` : ''}`, headers: h })).json() as { data: { firstName: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((c) => c.firstName));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(25);
    expect(seen).toEqual([...seen].sort());

    const search = (await t.app.inject({ url: '/api/v1/contacts?q=corp1', headers: h })).json().data;
    expect(search.length).toBe(8);
    const filters = encodeURIComponent(JSON.stringify([{ field: 'custom.spend', op: 'gte', value: 200 }, { field: 'lastName', op: 'eq', value: 'odd' }]));
    const filtered = (await t.app.inject({ url: `/api/v1/contacts?filters=${filters}`, headers: h })).json().data;
    expect(filtered.map((c: { firstName: string }) => c.firstName).sort()).toEqual(['Person21', 'Person23']);
    const bad = await t.app.inject({ url: `/api/v1/contacts?filters=${encodeURIComponent(JSON.stringify([{ field: 'custom.spend', op: 'contains', value: 'x' }]))}`, headers: h });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('filters[0].op');
  });

  it('finds duplicates by normalised email or phone and merges them, keeping both histories', async () => {
    const a = (await call('POST', '/api/v1/contacts', { firstName: 'Jo', email: 'jo.smith@gmail.com', tags: ['a'] })).json();
    const b = (await call('POST', '/api/v1/contacts', { lastName: 'Smith', email: 'josmith+news@gmail.com', phone: '+44 20 7946 0000', tags: ['b'] })).json();
    await call('POST', `/api/v1/contacts/${b.id}/notes`, { body: 'Met at the fair' });
    const groups = (await call('GET', '/api/v1/contacts/duplicates')).json().data;
    const group = groups.find((g: { key: string }) => g.key === 'josmith@gmail.com');
    expect(group.contacts.map((c: { id: number }) => c.id)).toEqual([a.id, b.id]);

    const merged = await call('POST', `/api/v1/contacts/${a.id}/merge`, { duplicateId: b.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ firstName: 'Jo', lastName: 'Smith', email: 'jo.smith@gmail.com', phone: '+44 20 7946 0000', tags: ['a', 'b'] });
    expect((await call('GET', `/api/v1/contacts/${b.id}`)).statusCode).toBe(404);
    const notes = (await call('GET', `/api/v1/contacts/${a.id}/notes`)).json().data;
    expect(notes.map((n: { body: string }) => n.body)).toEqual(['Met at the fair']);
    const kinds = (await call('GET', `/api/v1/contacts/${a.id}/timeline?limit=100`)).json().data.map((e: { kind: string }) => e.kind);
    expect(kinds[0]).toBe('merged');
    expect(kinds.filter((k: string) => k === 'created')).toHaveLength(2);
    const search = (await call('GET', '/api/v1/contacts?q=fair')).json().data;
    expect(search.map((c: { id: number }) => c.id)).toEqual([a.id]);
  });

  // Migration 0030: contacts_notes_search_idx covers only contacts with notes.
  it('finds a contact by a word of its note, and the partial index serves that condition', async () => {
    const noted = (await call('POST', '/api/v1/contacts', { firstName: 'Noted', email: 'noted@notes.test' })).json();
    const plain = (await call('POST', '/api/v1/contacts', { firstName: 'Plain', email: 'plain@notes.test' })).json();
    await call('POST', `/api/v1/contacts/${noted.id}/notes`, { body: 'Asked about the zeppelin tour' });

    const found = (await call('GET', '/api/v1/contacts?q=zeppel')).json().data;
    expect(found.map((c: { id: number }) => c.id)).toEqual([noted.id]);
    const { rows } = await sql<{ id: number; indexed: boolean }>`select id, notes_search is not null as indexed from contacts where id in (${noted.id}, ${plain.id}) order by id`.execute(t.ctx.db);
    expect(rows.map((r) => r.indexed)).toEqual([true, false]);

    // The list's condition implies the index predicate (@@ is strict): with scans of the heap
    // ruled out, the planner still answers it from the two GIN indexes.
    const plan = await t.ctx.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local enable_indexscan = off`.execute(trx);
      const q = sql`to_tsquery('simple', 'zeppel:*')`;
      const { rows: lines } = await sql<Record<string, string>>`explain select c.id from contacts c where c.search @@ ${q} or c.notes_search @@ ${q}`.execute(trx);
      return lines.map((l) => Object.values(l)[0]).join('\n');
    });
    expect(plan).toContain('contacts_notes_search_idx');
    expect(plan).toContain('contacts_search_idx');
  });
});
