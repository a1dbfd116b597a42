import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../test/factories.js';
import { purgeKeys, reserveKey } from '../modules/idempotency/idempotency.repo.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let bearer: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  bearer = { authorization: `Bearer ${await ws.apiKey('admin')}` };
});
afterAll(async () => t.close());

const post = (url: string, payload: object, headers: Record<string, string>) => t.app.inject({ method: 'POST', url, payload, headers });
const notesOf = async (contactId: number) => (await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${contactId}/notes`, headers: bearer })).json().data as { body: string }[];
const newContact = async (email: string) => (await post('/api/v1/contacts', { email, firstName: 'Ida' }, bearer)).json().id as number;

describe('Idempotency-Key on POST', () => {
  it('runs a request once: the repeat gets the first answer, marked as replayed, and writes nothing', async () => {
    const contactId = await newContact('ida-once@test.example');
    const headers = { ...bearer, 'idempotency-key': 'note-1-of-ida' };
    const first = await post(`/api/v1/contacts/${contactId}/notes`, { body: 'Called about the renewal' }, headers);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post(`/api/v1/contacts/${contactId}/notes`, { body: 'Called about the renewal' }, headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toContain('application/json');
    expect(again.json()).toEqual(first.json());
    expect(await notesOf(contactId)).toHaveLength(1);
  });

  it('works the same for a cookie session (the offline outbox replays with its item id as the key)', async () => {
    const contactId = await newContact('ida-cookie@test.example');
    const headers = { ...ws.owner.headers, 'idempotency-key': crypto.randomUUID() };
    const first = await post(`/api/v1/contacts/${contactId}/notes`, { body: 'Offline note' }, headers);
    const again = await post(`/api/v1/contacts/${contactId}/notes`, { body: 'Offline note' }, headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json().id).toBe(first.json().id);
    expect(await notesOf(contactId)).toHaveLength(1);
  });

  it('refuses the same key with a different request with 422, and keeps the first answer', async () => {
    const contactId = await newContact('ida-reuse@test.example');
    const headers = { ...bearer, 'idempotency-key': 'reused-key' };
    expect((await post(`/api/v1/contacts/${contactId}/notes`, { body: 'First' }, headers)).statusCode).toBe(201);
    const other = await post(`/api/v1/contacts/${contactId}/notes`, { body: 'Second' }, headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await notesOf(contactId)).map((n) => n.body)).toEqual(['First']);
  });

  it('keeps keys apart per caller: another API key with the same key runs its own request', async () => {
    const contactId = await newContact('ida-callers@test.example');
    const otherKey = { authorization: `Bearer ${await ws.apiKey('sales')}` };
    const key = { 'idempotency-key': 'shared-name' };
    expect((await post(`/api/v1/contacts/${contactId}/notes`, { body: 'From the admin key' }, { ...bearer, ...key })).statusCode).toBe(201);
    expect((await post(`/api/v1/contacts/${contactId}/notes`, { body: 'From the sales key' }, { ...otherKey, ...key })).statusCode).toBe(201);
    expect(await notesOf(contactId)).toHaveLength(2);
  });

  it('keeps a 4xx answer too, and replays it', async () => {
    const headers = { ...bearer, 'idempotency-key': 'missing-contact' };
    const first = await post('/api/v1/contacts/999999999/notes', { body: 'Nobody' }, headers);
    expect(first.statusCode).toBe(404);
    const again = await post('/api/v1/contacts/999999999/notes', { body: 'Nobody' }, headers);
    expect(again.statusCode).toBe(404);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('answers 409 while the first request runs, and lets a retry take over a reservation its process left behind', async () => {
    const contactId = await newContact('ida-running@test.example');
    // The caller and fingerprint the hook computes for this request, read from a probe's row.
    const probe = await post(`/api/v1/contacts/${contactId}/notes`, { body: 'Racing' }, { ...bearer, 'idempotency-key': 'probe' });
    expect(probe.statusCode).toBe(201);
    const row = await t.ctx.db.selectFrom('idempotency_keys').select(['caller', 'fingerprint']).where('key', '=', 'probe').executeTakeFirstOrThrow();
    await t.ctx.db.deleteFrom('notes').where('id', '=', probe.json().id).execute();

    // A request that reserved the key and is still running (no answer kept yet).
    await reserveKey(t.ctx.db, { workspaceId: ws.id, caller: row.caller, key: 'in-flight' }, row.fingerprint);
    const headers = { ...bearer, 'idempotency-key': 'in-flight' };
    const busy = await post(`/api/v1/contacts/${contactId}/notes`, { body: 'Racing' }, headers);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(await notesOf(contactId)).toHaveLength(0);

    // Its process died: past the stale age, the retry runs the request, once.
    await t.ctx.db.updateTable('idempotency_keys').set({ created_at: sql`now() - interval '10 minutes'` }).where('key', '=', 'in-flight').execute();
    const taken = await post(`/api/v1/contacts/${contactId}/notes`, { body: 'Racing' }, headers);
    expect(taken.statusCode).toBe(201);
    const replay = await post(`/api/v1/contacts/${contactId}/notes`, { body: 'Racing' }, headers);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await notesOf(contactId)).toHaveLength(1);
  });

  it('refuses a malformed key with a 400 naming the header', async () => {
    for (const key of ['has space', 'x'.repeat(256), 'naïve']) {
      const res = await post('/api/v1/contacts', { email: 'bad-key@test.example' }, { ...bearer, 'idempotency-key': key });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields[0]).toMatchObject({ path: 'Idempotency-Key', in: 'headers' });
    }
  });

  it('purges kept answers older than the retention', async () => {
    await post('/api/v1/contacts', { email: 'purge@test.example' }, { ...bearer, 'idempotency-key': 'old-one' });
    await t.ctx.db.updateTable('idempotency_keys').set({ created_at: sql`now() - interval '25 hours'` }).where('key', '=', 'old-one').execute();
    expect(await purgeKeys(t.ctx.db, 24)).toBeGreaterThanOrEqual(1);
    const left = await t.ctx.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'old-one').execute();
    expect(left).toEqual([]);
  });
});
