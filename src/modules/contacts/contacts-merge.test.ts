import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { caller } from '../deals/deals.fixtures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('safe merge', () => {
  it('takes each picked field from either record and keeps the other email and phone as secondaries, found by search', async () => {
    const ws = await newWorkspace(t.ctx);
    const call = caller(t.app, ws.owner.headers);
    await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'region', label: 'Region', type: 'text' });
    const a = (await call('POST', '/api/v1/contacts', { firstName: 'Jo', lastName: 'Smith', email: 'jo@work.example', phone: '+40 721 000 111', jobTitle: 'CTO', custom: { region: 'North' } })).body;
    const b = (await call('POST', '/api/v1/contacts', { firstName: 'Joanna', lastName: 'Smith', email: 'joanna.home@mail.example', phone: '+40 722 000 222', custom: { region: 'South' } })).body;

    const bad = await call('POST', `/api/v1/contacts/${a.id}/merge`, { duplicateId: b.id, pick: { password: 'duplicate' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('pick.password');

    const merged = await call('POST', `/api/v1/contacts/${a.id}/merge`, { duplicateId: b.id, pick: { firstName: 'duplicate', email: 'duplicate', 'custom.region': 'duplicate' } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: a.id, firstName: 'Joanna', lastName: 'Smith', email: 'joanna.home@mail.example', phone: '+40 721 000 111', jobTitle: 'CTO', custom: { region: 'South' } });
    const detail = (await call('GET', `/api/v1/contacts/${a.id}`)).body;
    expect(detail.secondaryEmails).toEqual(['jo@work.example']);
    expect(detail.secondaryPhones).toEqual(['+40 722 000 222']);
    expect((await call('GET', `/api/v1/contacts/${b.id}`)).status).toBe(404);

    // The merged-away address still finds the person; the primary is the one used to send and dedupe.
    const found = (await call('GET', '/api/v1/contacts?q=jo@work.example')).body.data.map((c: { id: number }) => c.id);
    expect(found).toEqual([a.id]);
    const again = await call('POST', '/api/v1/contacts', { firstName: 'New', email: 'jo@work.example' });
    expect(again.status).toBe(201); // a secondary is not the primary: another contact may hold it as theirs

    // Merging in a third record keeps every address, and a secondary that becomes primary is not kept twice.
    const c = (await call('POST', '/api/v1/contacts', { firstName: 'J', lastName: 'Smith', email: 'js@other.example' })).body;
    const third = await call('POST', `/api/v1/contacts/${c.id}/merge`, { duplicateId: a.id, pick: { email: 'duplicate' } });
    expect(third.body.email).toBe('joanna.home@mail.example');
    const final = (await call('GET', `/api/v1/contacts/${c.id}`)).body;
    expect(final.secondaryEmails.sort()).toEqual(['jo@work.example', 'js@other.example']);
    const audit = (await call('GET', `/api/v1/audit-log?entity=contact&entityId=${c.id}`)).body.data;
    expect(audit[0]).toMatchObject({ action: 'merge' });
  });

  it('finds fuzzy candidates with a score and reasons, bounded by limit', async () => {
    const ws = await newWorkspace(t.ctx);
    const call = caller(t.app, ws.owner.headers);
    const acme = (await call('POST', '/api/v1/companies', { name: 'Acme' })).body;
    const mk = async (body: object) => (await call('POST', '/api/v1/contacts', body)).body.id as number;
    const gmail1 = await mk({ firstName: 'Ann', lastName: 'Lee', email: 'ann.lee@gmail.com' });
    const gmail2 = await mk({ firstName: 'Annie', lastName: 'L', email: 'annlee+news@googlemail.com' });
    const co1 = await mk({ firstName: 'Robert', lastName: 'Brown', companyId: acme.id });
    const co2 = await mk({ firstName: 'Robert', lastName: 'Brown', companyId: acme.id });
    const sim1 = await mk({ firstName: 'Katherine', lastName: 'Johnson' });
    const sim2 = await mk({ firstName: 'Katharine', lastName: 'Johnson' });
    await mk({ firstName: 'Zed', lastName: 'Unrelated' });

    const res = await call('GET', '/api/v1/contacts/duplicate-candidates');
    expect(res.status).toBe(200);
    const pairs = res.body.data as { score: number; reasons: { code: string; text: string }[]; contacts: { id: number }[] }[];
    const find = (x: number, y: number) => pairs.find((p) => p.contacts.map((c) => c.id).sort().join() === [x, y].sort().join());
    expect(find(gmail1, gmail2)).toMatchObject({ score: 0.95, reasons: [{ code: 'similar_email' }] });
    expect(find(co1, co2)).toMatchObject({ score: 0.85, reasons: [{ code: 'same_name_company', text: 'Same name and company' }] });
    const similar = find(sim1, sim2)!;
    expect(similar.reasons[0].code).toBe('similar_name');
    expect(similar.reasons[0].text).toMatch(/^Similar names \(\d+% alike\)$/);
    expect(similar.score).toBeGreaterThan(0.4);
    expect(pairs).toHaveLength(3);
    expect(pairs.map((p) => p.score)).toEqual([...pairs.map((p) => p.score)].sort((x, y) => y - x));
    expect((await call('GET', '/api/v1/contacts/duplicate-candidates?limit=1')).body.data).toHaveLength(1);
    expect((await call('GET', '/api/v1/contacts/duplicate-candidates?limit=1000')).status).toBe(400);
    // Another workspace sees none of them.
    const other = await newWorkspace(t.ctx);
    expect((await caller(t.app, other.owner.headers)('GET', '/api/v1/contacts/duplicate-candidates')).body.data).toEqual([]);
  });
});
