import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { upload, waitForImport } from './testing.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
  ws = await newWorkspace(t.ctx);
  await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: ws.owner.headers, payload: { entity: 'contact', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] } });
});
afterAll(async () => t.close());

const h = () => ws.owner.headers;
const get = (url: string, headers = h()) => t.app.inject({ url, headers });
const start = (id: number, payload: object, headers = h()) => t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/start`, headers, payload });
const contactByEmail = async (email: string) => (await get(`/api/v1/contacts?q=${encodeURIComponent(email)}`)).json().data.find((c: { email: string }) => c.email === email);

describe('contact import', () => {
  it('uploads, suggests a mapping, imports good rows and reports every bad one', async () => {
    const csv = [
      'First name,Last name,E-mail,Birthday,Company,Owner,Tags,Tier,Notes',
      `Ada,Lovelace,ada@import.test,10/12/1815,Analytical Engines,${ws.owner.email},"vip; math",gold,first`,
      'Bob,Bad,not-an-email,1990-01-01,,,,,',
      'Cy,Date,cy@import.test,31/02/1990,,,,silver,',
      'Di,Option,di@import.test,,,,,platinum,',
      'Ed,Owner,ed@import.test,,analytical engines,nobody@nowhere.test,,,',
      ',,,,,,,,',
      '"Fay ""F""",Multi,fay@import.test,1999.12.31,,,"a,b",,"line one',
      'line two"',
    ].join('\r\n');
    const up = await upload(t.app, h(), csv);
    expect(up.statusCode).toBe(201);
    const imp = up.json();
    expect(imp).toMatchObject({ status: 'uploaded', filename: 'contacts.csv', headers: ['First name', 'Last name', 'E-mail', 'Birthday', 'Company', 'Owner', 'Tags', 'Tier', 'Notes'] });
    expect(imp.sample).toHaveLength(5);
    expect(imp.suggestedMapping).toEqual({ 'First name': 'firstName', 'Last name': 'lastName', 'E-mail': 'email', Birthday: 'birthday', Company: 'company', Owner: 'owner', Tags: 'tags', Tier: 'custom.tier' });

    const started = await start(imp.id, { mapping: imp.suggestedMapping, mode: 'upsert' });
    expect(started.statusCode).toBe(200);
    expect(started.json().status).toBe('queued');
    const done = await waitForImport(t.app, h(), imp.id);
    expect(done).toMatchObject({ status: 'completed', totalRows: 7, processed: 7, created: 2, updated: 0, failed: 4, progress: 1 });
    expect(done.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([[3, 'email'], [4, 'birthday'], [5, 'custom.tier'], [6, 'owner']]);
    expect(done.errors[2].message).toContain('must be one of: gold, silver');
    expect(done.errors[1].message).toContain('column "Birthday": "31/02/1990"');

    const ada = await contactByEmail('ada@import.test');
    expect(ada).toMatchObject({ firstName: 'Ada', birthday: '1815-12-10', company: { name: 'Analytical Engines' }, tags: ['vip', 'math'], custom: { tier: 'gold' } });
    expect(ada.ownerId).toBe(ws.owner.actor.userId);
    const fay = await contactByEmail('fay@import.test');
    expect(fay).toMatchObject({ firstName: 'Fay "F"', birthday: '1999-12-31', tags: ['a', 'b'] });
    const timeline = (await get(`/api/v1/contacts/${ada.id}/timeline`)).json().data;
    expect(timeline[0]).toMatchObject({ kind: 'imported', data: { importId: imp.id, action: 'created' } });

    const errorsCsv = await get(`/api/v1/imports/${imp.id}/errors.csv`);
    expect(errorsCsv.statusCode).toBe(200);
    expect(errorsCsv.headers['content-type']).toContain('text/csv');
    const lines = errorsCsv.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('row,field,message,level');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['3,email', '4,birthday', '5,custom.tier', '6,owner']);

    const list = (await get('/api/v1/imports?limit=1')).json();
    expect(list.data[0].id).toBe(imp.id);
  });

  it('upserts by email, refuses existing emails in create mode and unknown ones in update mode', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: h(), payload: { firstName: 'Old', lastName: 'Name', email: 'up@import.test', jobTitle: 'Keeps' } });
    const csv = 'Email,First,Title\nUP@import.test,New,\nfresh@import.test,Fresh,Dev\nfresh@import.test,Fresher,\n';
    const run = async (mode: string, onRepeat?: string) => {
      const up = await upload(t.app, h(), csv, { mapping: JSON.stringify({ Email: 'email', First: 'firstName', Title: 'jobTitle' }), mode, ...(onRepeat ? { onRepeat } : {}) });
      expect(up.statusCode, up.body).toBe(201);
      return waitForImport(t.app, h(), up.json().id);
    };
    // The file names fresh@ twice: nothing runs until the user says which row counts.
    const asked = await upload(t.app, h(), csv, { mapping: JSON.stringify({ Email: 'email', First: 'firstName', Title: 'jobTitle' }) });
    expect(asked.statusCode).toBe(400);
    expect(asked.json().error.details.fields).toEqual([{ path: 'onRepeat', message: 'the file has the same email on several rows ("fresh@import.test" on rows 3, 4); choose first, last or skip' }]);

    const create = await run('create', 'first');
    expect(create).toMatchObject({ status: 'completed', created: 1, updated: 0, failed: 1, skipped: 1 });
    expect(create.errors.map((e: { row: number; message: string; level: string }) => [e.row, e.level, e.message])).toEqual([
      [2, 'error', 'a contact with this email already exists (mode create)'],
      [4, 'warning', 'skipped: "fresh@import.test" is also on row 3, which was imported (first row wins)'],
    ]);
    // An in-file repeat is skipped, never counted as an update of the row before it.
    const upsert = await run('upsert', 'last');
    expect(upsert).toMatchObject({ created: 0, updated: 2, failed: 0, skipped: 1 });
    expect(await contactByEmail('up@import.test')).toMatchObject({ firstName: 'New', lastName: 'Name', jobTitle: 'Keeps' });
    expect(await contactByEmail('fresh@import.test')).toMatchObject({ firstName: 'Fresher', jobTitle: 'Dev' });
    const skipAll = await run('upsert', 'skip');
    expect(skipAll).toMatchObject({ created: 0, updated: 1, failed: 0, skipped: 2 });
    expect(skipAll.errors.filter((e: { level: string }) => e.level === 'warning').map((e: { row: number }) => e.row)).toEqual([3, 4]);

    const update = await upload(t.app, h(), 'Email,First\nnobody@import.test,X\nup@import.test,Again\n', { mapping: JSON.stringify({ Email: 'email', First: 'firstName' }), mode: 'update' }, true);
    const done = await waitForImport(t.app, h(), update.json().id);
    expect(done).toMatchObject({ updated: 1, failed: 1, errors: [{ row: 2, field: 'email', message: 'no contact has this email (mode update)' }] });
  });

  it('a dry run counts and reports but writes nothing', async () => {
    const csv = 'email,first\ndry1@import.test,A\ndry1@import.test,B\nbad,C\n';
    const up = await upload(t.app, h(), csv, { mapping: JSON.stringify({ email: 'email', first: 'firstName' }), dryRun: 'true', onRepeat: 'first' });
    const done = await waitForImport(t.app, h(), up.json().id);
    expect(done).toMatchObject({ status: 'completed', dryRun: true, created: 1, updated: 0, skipped: 1, failed: 1, errors: [{ row: 3, level: 'warning' }, { row: 4, field: 'email', level: 'error' }] });
    expect(await contactByEmail('dry1@import.test')).toBeUndefined();
  });

  it('refuses a bad mapping with a 400 naming the header, and a bad file naming `file`', async () => {
    const up = (await upload(t.app, h(), 'Email,Name,Other\na@b.test,A,x\n')).json();
    const cases: [object, string][] = [
      [{ Email: 'email', Name: 'nickname' }, 'mapping.Name'],
      [{ Email: 'email', Missing: 'firstName' }, 'mapping.Missing'],
      [{ Email: 'email', Name: 'firstName', Other: 'firstName' }, 'mapping.Other'],
      [{ Name: 'firstName' }, 'mapping'],
      [{ Email: 'email', Other: 'custom.nope' }, 'mapping.Other'],
    ];
    for (const [mapping, path] of cases) {
      const res = await start(up.id, { mapping });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual([path]);
    }
    expect((await start(up.id, { mapping: { Name: 'firstName' }, mode: 'create' })).statusCode).toBe(200);
    expect((await start(up.id, { mapping: { Name: 'firstName' }, mode: 'create' })).statusCode).toBe(409);

    const inline = await upload(t.app, h(), 'Email\nx@y.test\n', { mapping: JSON.stringify({ Nope: 'email' }) });
    expect(inline.statusCode).toBe(400);
    expect(inline.json().error.details.fields[0].path).toBe('mapping.Nope');

    for (const bad of ['', '\n\n', 'a,b,a\n1,2,3\n', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff]), 'name\n"unclosed\n']) {
      const res = await upload(t.app, h(), bad);
      expect(res.statusCode, String(bad)).toBe(400);
      expect(res.json().error.details.fields[0].path).toBe('file');
    }
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: h(), payload: {} });
    expect(none.statusCode).toBe(400);
  });

  it('lets marketing import and refuses an agency', async () => {
    const marketing = await ws.as('marketing');
    const ok = await upload(t.app, marketing.headers, 'email\nmkt@import.test\n', { mapping: JSON.stringify({ email: 'email' }) });
    expect(ok.statusCode).toBe(201);
    expect((await waitForImport(t.app, marketing.headers, ok.json().id)).created).toBe(1);
    const agency = await ws.as('agency');
    expect((await upload(t.app, agency.headers, 'email\nag@import.test\n')).statusCode).toBe(403);
    expect((await get(`/api/v1/imports/${ok.json().id}`, agency.headers)).statusCode).toBe(403);
  });
});
