import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { neutraliseCell } from './csv-safe.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: ws.owner.headers, payload });

describe('contact export', () => {
  it('streams every contact with custom columns, neutralising formula cells', async () => {
    await post('/api/v1/custom-fields', { entity: 'contact', key: 'interests', label: 'Interests', type: 'multiselect', options: ['golf', 'chess'] });
    await post('/api/v1/custom-fields', { entity: 'contact', key: 'score', label: 'Score', type: 'number' });
    await post('/api/v1/contacts', { firstName: '=cmd()', lastName: '@SUM(A1)', email: 'evil@export.test', phone: '+44 20 1234', tags: ['b', 'a'], custom: { interests: ['golf', 'chess'], score: -5 } });
    for (let i = 0; i < 3; i++) await post('/api/v1/contacts', { firstName: `Plain${i}`, email: `plain${i}@export.test`, ownerId: ws.owner.actor.userId });

    const res = await t.app.inject({ url: '/api/v1/exports/contacts.csv?sort=email&order=asc', headers: ws.owner.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parse(res.body, { bom: true }) as string[][];
    expect(header).toEqual(['id', 'firstName', 'lastName', 'email', 'phone', 'jobTitle', 'birthday', 'company', 'owner', 'tags', 'createdAt', 'updatedAt', 'custom.interests', 'custom.score']);
    expect(rows.map((r) => r[3])).toEqual(['evil@export.test', 'plain0@export.test', 'plain1@export.test', 'plain2@export.test']);
    const evil = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    expect(evil).toMatchObject({ firstName: "'=cmd()", lastName: "'@SUM(A1)", phone: "'+44 20 1234", tags: 'b;a', 'custom.interests': 'golf;chess', 'custom.score': "'-5" });
    expect(rows[1][8]).toBe(ws.owner.email);

    const filtered = await t.app.inject({ url: `/api/v1/exports/contacts.csv?q=plain1`, headers: ws.owner.headers });
    expect((parse(filtered.body, { bom: true }) as string[][]).length).toBe(2);
    const audit = (await t.app.inject({ url: '/api/v1/audit-log?entity=contact', headers: ws.owner.headers })).json().data;
    expect(audit.filter((a: { action: string }) => a.action === 'export')).toHaveLength(2);
  });

  it('pages through more than one keyset page, refuses an agency and a bad filter', async () => {
    const other = await newWorkspace(t.ctx);
    await sql`insert into contacts (workspace_id, first_name, email) select ${other.id}, 'P' || g, 'p' || g || '@bulk.test' from generate_series(0, 1004) g`.execute(t.ctx.db);
    const res = await t.app.inject({ url: '/api/v1/exports/contacts.csv', headers: other.owner.headers });
    const rows = parse(res.body, { bom: true }) as string[][];
    expect(rows.length).toBe(1006);
    expect(new Set(rows.slice(1).map((r) => r[3])).size).toBe(1005);

    const agency = await ws.as('agency');
    expect((await t.app.inject({ url: '/api/v1/exports/contacts.csv', headers: agency.headers })).statusCode).toBe(403);
    const bad = await t.app.inject({ url: `/api/v1/exports/contacts.csv?filters=${encodeURIComponent('[{"field":"nope","op":"eq","value":"x"}]')}`, headers: ws.owner.headers });
    expect(bad.statusCode).toBe(400);
  });

  it('neutralises only cells that a spreadsheet would run', () => {
    expect(['=1', '+1', '-1', '@a', '\tx', '\rx', 'a=1', '', "'=x"].map(neutraliseCell)).toEqual(["'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", 'a=1', '', "'=x"]);
  });
});
