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
const consent = { source: 'admin', lawfulBasis: 'consent', proof: 'Signed up at the spring fair, paper form #12' };
const contact = async (firstName: string) => (await call('POST', '/api/v1/contacts', { firstName })).json().id as number;
const kinds = async (id: number) => (await call('GET', `/api/v1/contacts/${id}/timeline?limit=100`)).json().data.map((e: { kind: string }) => e.kind);

describe('lists', () => {
  it('creates, reads, renames and deletes a list, auditing each write; names are unique', async () => {
    const created = await call('POST', '/api/v1/lists', { name: 'Newsletter', description: 'Monthly' });
    expect(created.statusCode).toBe(201);
    const list = created.json();
    expect(list).toMatchObject({ name: 'Newsletter', description: 'Monthly', purpose: 'marketing' });
    expect((await call('POST', '/api/v1/lists', { name: 'newsletter' })).statusCode).toBe(409);
    const patched = await call('PATCH', `/api/v1/lists/${list.id}`, { name: 'News', purpose: 'transactional' });
    expect(patched.json()).toMatchObject({ name: 'News', purpose: 'transactional' });
    expect((await call('GET', `/api/v1/lists/${list.id}`)).json()).toMatchObject({ name: 'News', members: { subscribed: 0, unsubscribed: 0, pending: 0 } });
    expect((await call('GET', '/api/v1/lists')).json().data.map((l: { id: number }) => l.id)).toContain(list.id);
    expect((await call('DELETE', `/api/v1/lists/${list.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/lists/${list.id}`)).statusCode).toBe(404);
    const audit = (await call('GET', `/api/v1/audit-log?entity=list&entityId=${list.id}`)).json().data.map((a: { action: string }) => a.action);
    expect(audit).toEqual(['delete', 'update', 'create']);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const list = (await call('POST', '/api/v1/lists', { name: 'Strict' })).json();
    const a = await contact('Valid');
    const paths = async (res: Promise<{ json: () => { error: { details: { fields: { path: string }[] } } } }>) => (await res).json().error.details.fields.map((f) => f.path);
    expect(await paths(call('POST', '/api/v1/lists', { name: ' ' }))).toEqual(['name']);
    expect(await paths(call('POST', '/api/v1/lists', { name: 'X', purpose: 'spam' }))).toEqual(['purpose']);
    expect(await paths(call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [a, 999999], consent }))).toEqual(['contactIds.1']);
    expect(await paths(call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [a], status: 'maybe', consent }))).toEqual(['status']);
    expect(await paths(call('POST', `/api/v1/contacts/${a}/consents`, { channel: 'email', status: 'granted', source: 'form', ip: '999.1.1.1' }))).toEqual(['ip']);
    expect(await paths(call('POST', `/api/v1/contacts/${a}/consents`, { channel: 'sms', status: 'granted', source: 'form' }))).toEqual(['channel']);
    expect(await paths(call('POST', `/api/v1/contacts/${a}/consents`, { channel: 'email', listId: 999999, status: 'granted', source: 'api' }))).toEqual(['listId']);
    expect((await call('GET', `/api/v1/lists/${list.id}/members`)).json().data).toEqual([]);
    expect((await call('GET', `/api/v1/contacts/${a}/consents`)).json().data).toEqual([]);
  });

  it('sets member statuses, pages members by keyset and writes timeline events', async () => {
    const list = (await call('POST', '/api/v1/lists', { name: 'Offers' })).json();
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await contact(`Member${i}`));
    const added = await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: people, consent });
    expect(added.json()).toEqual({ added: 5, pending: 0, skipped: 0, suppressed: 0, unsubscribed: 0 });
    expect((await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: people.slice(0, 2), consent })).json()).toMatchObject({ added: 0, skipped: 2 });
    await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [people[0]], status: 'unsubscribed' });
    await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [people[1]], status: 'pending', consent });
    expect((await call('GET', `/api/v1/lists/${list.id}`)).json().members).toEqual({ subscribed: 3, unsubscribed: 1, pending: 1 });
    const listed = (await call('GET', '/api/v1/lists?limit=500')).json().data.find((l: { id: number }) => l.id === list.id);
    expect(listed.members).toEqual({ subscribed: 3, unsubscribed: 1, pending: 1 });

    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = (await call('GET', `/api/v1/lists/${list.id}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { data: { contactId: number }[]; nextCursor: string | null };
      seen.push(...page.data.map((m) => m.contactId));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...people].sort((x, y) => x - y));
    const subscribed = (await call('GET', `/api/v1/lists/${list.id}/members?status=subscribed`)).json().data;
    expect(subscribed.map((m: { contactId: number }) => m.contactId)).toEqual(people.slice(2));
    expect(subscribed[0].contact).toMatchObject({ fullName: 'Member2' });

    expect(await kinds(people[0])).toEqual(expect.arrayContaining(['list_unsubscribed', 'list_subscribed']));
    expect((await call('DELETE', `/api/v1/lists/${list.id}/members/${people[2]}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/lists/${list.id}/members/${people[2]}`)).statusCode).toBe(404);
    expect((await kinds(people[2]))[0]).toBe('list_unsubscribed');
    const removed = (await call('GET', `/api/v1/contacts/${people[2]}/consents`)).json();
    expect(removed.data[0]).toMatchObject({ status: 'withdrawn', source: 'admin', listId: list.id });
    expect(removed.current).toEqual([expect.objectContaining({ listId: list.id, status: 'withdrawn' })]);
    const audit = (await call('GET', `/api/v1/audit-log?entity=list&entityId=${list.id}`)).json().data.map((a: { action: string }) => a.action);
    expect(audit).toEqual(['remove_member', 'set_members', 'set_members', 'set_members', 'create']);
    // Concurrent identical requests: the list lock makes all but the first a no-op.
    const late = await contact('Late');
    await Promise.all([1, 2, 3].map(() => call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [late], consent })));
    expect((await kinds(late)).filter((k: string) => k === 'list_subscribed')).toHaveLength(1);
  });

  it('keeps a consent ledger, newest first, with the current state per list and channel', async () => {
    const list = (await call('POST', '/api/v1/lists', { name: 'Ledger list' })).json();
    const id = await contact('Consenting');
    const first = await call('POST', `/api/v1/contacts/${id}/consents`, { channel: 'email', listId: list.id, status: 'pending', source: 'form', ip: '2001:db8::1', textShown: 'Send me offers' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ contactId: id, listId: list.id, status: 'pending', source: 'form', ip: '2001:db8::1', textShown: 'Send me offers', actorUserId: ws.owner.actor.userId });
    await call('POST', `/api/v1/contacts/${id}/consents`, { channel: 'email', listId: list.id, status: 'granted', source: 'form', ip: '198.51.100.7' });
    await call('POST', `/api/v1/contacts/${id}/consents`, { channel: 'email', status: 'granted', source: 'import' });
    await call('POST', `/api/v1/contacts/${id}/consents`, { channel: 'email', status: 'withdrawn', source: 'ui' });
    const ledger = (await call('GET', `/api/v1/contacts/${id}/consents?limit=3`)).json();
    expect(ledger.data.map((e: { status: string }) => e.status)).toEqual(['withdrawn', 'granted', 'granted']);
    const rest = (await call('GET', `/api/v1/contacts/${id}/consents?limit=3&cursor=${ledger.nextCursor}`)).json();
    expect(rest).toMatchObject({ data: [{ status: 'pending' }], nextCursor: null });
    expect(ledger.current.map((c: object) => ({ ...c, updatedAt: undefined }))).toEqual([
      { channel: 'email', listId: list.id, status: 'granted', updatedAt: undefined },
      { channel: 'email', listId: null, status: 'withdrawn', updatedAt: undefined },
    ]);
    expect((await kinds(id)).slice(0, 3)).toEqual(['consent_withdrawn', 'consent_granted', 'consent_granted']);
    // Deleting the list drops the current state for it but keeps the proof.
    await call('DELETE', `/api/v1/lists/${list.id}`);
    const after = (await call('GET', `/api/v1/contacts/${id}/consents?limit=10`)).json();
    expect(after.data).toHaveLength(4);
    expect(after.current).toEqual([expect.objectContaining({ listId: null, status: 'withdrawn' })]);
  });

  it('moves memberships, consents and the ledger to the survivor of a merge, keeping the survivor’s own rows', async () => {
    const [l1, l2] = [(await call('POST', '/api/v1/lists', { name: 'Merge one' })).json().id, (await call('POST', '/api/v1/lists', { name: 'Merge two' })).json().id];
    const survivor = await contact('Survivor');
    const duplicate = await contact('Duplicate');
    await call('POST', `/api/v1/lists/${l1}/members`, { contactIds: [survivor], status: 'unsubscribed' });
    await call('POST', `/api/v1/lists/${l1}/members`, { contactIds: [duplicate], consent });
    await call('POST', `/api/v1/lists/${l2}/members`, { contactIds: [duplicate], status: 'pending', consent });
    await call('POST', `/api/v1/contacts/${survivor}/consents`, { channel: 'email', status: 'withdrawn', source: 'ui' });
    await call('POST', `/api/v1/contacts/${duplicate}/consents`, { channel: 'email', status: 'granted', source: 'form' });
    await call('POST', `/api/v1/contacts/${duplicate}/consents`, { channel: 'email', listId: l2, status: 'granted', source: 'form' });
    expect((await call('POST', `/api/v1/contacts/${survivor}/merge`, { duplicateId: duplicate })).statusCode).toBe(200);
    const statusOn = async (list: number) => (await call('GET', `/api/v1/lists/${list}/members`)).json().data.map((m: { contactId: number; status: string }) => [m.contactId, m.status]);
    expect(await statusOn(l1)).toEqual([[survivor, 'unsubscribed']]);
    expect(await statusOn(l2)).toEqual([[survivor, 'pending']]);
    const consents = (await call('GET', `/api/v1/contacts/${survivor}/consents`)).json();
    // Three rows from the membership changes (each writes its ledger row) and three recorded directly.
    expect(consents.data).toHaveLength(6);
    expect(consents.current.map((c: { listId: number | null; status: string }) => [c.listId, c.status])).toEqual([[l1, 'withdrawn'], [l2, 'granted'], [null, 'withdrawn']]);
  });

  it('lets support read lists but not change them or record consent', async () => {
    const support = await ws.as('support');
    const list = (await call('POST', '/api/v1/lists', { name: 'Readable' })).json();
    const id = await contact('Supported');
    expect((await call('GET', `/api/v1/lists/${list.id}/members`, undefined, support.headers)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/contacts/${id}/consents`, undefined, support.headers)).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [id] }, support.headers)).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/contacts/${id}/consents`, { channel: 'email', status: 'granted', source: 'ui' }, support.headers)).statusCode).toBe(403);
  });

  it('exports a contact’s whole consent ledger as formula-safe CSV, with the proof of each row', async () => {
    const list = (await call('POST', '/api/v1/lists', { name: 'Ledger export' })).json();
    const id = await contact('Ledgered');
    await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [id], consent: { ...consent, proof: '=HYPERLINK("x")' } });
    await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [id], status: 'unsubscribed' });
    const res = await call('GET', `/api/v1/contacts/${id}/consents/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('id,recorded_at,list_id,channel,status,source,lawful_basis,proof,text_shown,form_id,ip,user_agent,actor');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,${list.id},email,granted,admin,consent,"'=HYPERLINK(""x"")"`);
    expect(lines[2]).toContain(',withdrawn,');
    const support = await ws.as('support');
    expect((await call('GET', `/api/v1/contacts/${id}/consents/export`, undefined, support.headers)).statusCode).toBe(403);
  });

  it('refuses to subscribe people to a marketing list without consent, and double opt-in without SMTP_URL', async () => {
    const list = (await call('POST', '/api/v1/lists', { name: 'Needs consent', publicName: 'Deals of the week', senderName: 'Shop' })).json();
    expect(list).toMatchObject({ optInMode: 'single', publicName: 'Deals of the week', publicDescription: null, senderName: 'Shop' });
    const id = await contact('NoConsent');
    const res = await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [id] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['consent']);
    const noProof = await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [id], consent: { source: 'admin', lawfulBasis: 'consent', proof: '' } });
    expect(noProof.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['consent.proof']);
    const double = await call('PATCH', `/api/v1/lists/${list.id}`, { optInMode: 'double' });
    expect(double.statusCode).toBe(400);
    expect(double.json().error.details.fields[0]).toMatchObject({ path: 'optInMode' });
    expect(double.json().error.message).toContain('SMTP_URL');
    expect((await call('GET', `/api/v1/lists/${list.id}/members`)).json().data).toEqual([]);
    // A transactional list needs no marketing consent.
    const service = (await call('POST', '/api/v1/lists', { name: 'Order updates', purpose: 'transactional' })).json();
    expect((await call('POST', `/api/v1/lists/${service.id}/members`, { contactIds: [id] })).json()).toMatchObject({ added: 1 });
  });
});
