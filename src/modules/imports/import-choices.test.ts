import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { caller } from '../deals/deals.fixtures.js';
import { upload, waitForImport } from './testing.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let call: ReturnType<typeof caller>;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
  ws = await newWorkspace(t.ctx);
  call = caller(t.app, ws.owner.headers);
  await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] });
  await call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'topics', label: 'Topics', type: 'multiselect', options: ['Email', 'SMS'] });
});
afterAll(async () => t.close());

const contact = async (email: string) => (await call('GET', `/api/v1/contacts?q=${encodeURIComponent(email)}`)).body.data.find((c: { email: string }) => c.email === email);
const MAPPING = { Email: 'email', First: 'firstName', Birthday: 'birthday' };

describe('import choices made before the run', () => {
  it('reports repeated emails with their rows, an open date format and wide rows, and refuses to start until both are chosen', async () => {
    const csv = [
      'Email,First,Birthday',
      'ann@choice.test,Ann,12-05-1990',
      'bob@choice.test,Bob,03/04/1985,extra cell',
      'ANN@choice.test,Annie,01/02/1970',
      'cy@choice.test,Cy,,,',
      'ann@choice.test,Anna,',
    ].join('\n');
    const up = await upload(t.app, ws.owner.headers, csv);
    expect(up.statusCode).toBe(201);
    const id = up.json().id;
    // The sample alone already shows the dates could be read either way.
    expect(up.json().sampleDateFormats).toEqual({ Birthday: { format: null, ambiguous: true, examples: ['12-05-1990', '03/04/1985', '01/02/1970'] } });

    const check = await call('POST', `/api/v1/imports/${id}/check`, { mapping: MAPPING });
    expect(check.status).toBe(200);
    expect(check.body).toEqual({
      rows: 5,
      repeats: { field: 'email', count: 1, rows: 3, shown: [{ value: 'ann@choice.test', rows: [2, 4, 6] }] },
      dates: { format: null, ambiguous: true, examples: ['12-05-1990', '03/04/1985', '01/02/1970'] },
      wideRows: { count: 1, rows: [3] },
      broken: null,
    });

    const refused = await call('POST', `/api/v1/imports/${id}/start`, { mapping: MAPPING });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['onRepeat', 'dateFormat']);
    expect(refused.body.error.details.fields[0].message).toContain('"ann@choice.test" on rows 2, 4, 6');
    expect(refused.body.error.details.fields[1].message).toContain('"12-05-1990"');

    const started = await call('POST', `/api/v1/imports/${id}/start`, { mapping: MAPPING, onRepeat: 'last', dateFormat: 'MDY' });
    expect(started.status).toBe(200);
    const done = await waitForImport(t.app, ws.owner.headers, id);
    // Honest counts: the two earlier Ann rows are skipped, not "updated"; Bob's extra cell is a warning, not a failure.
    expect(done).toMatchObject({ status: 'completed', created: 3, updated: 0, failed: 0, skipped: 2, warned: 1, onRepeat: 'last', dateFormat: 'MDY' });
    expect(done.errors.map((e: { row: number; level: string; message: string }) => [e.row, e.level, e.message])).toEqual([
      [2, 'warning', 'skipped: "ann@choice.test" is also on row 6, which was imported (last row wins)'],
      [3, 'warning', 'has 4 cells but the header names 3 columns; the cells after column 3 were not imported ("extra cell")'],
      [4, 'warning', 'skipped: "ann@choice.test" is also on row 6, which was imported (last row wins)'],
    ]);
    expect(await contact('ann@choice.test')).toMatchObject({ firstName: 'Anna', birthday: null });
    expect(await contact('bob@choice.test')).toMatchObject({ firstName: 'Bob', birthday: '1985-03-04' });
  });

  it('takes a date format the file settles without asking, and refuses a future birthday per row', async () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const csv = `Email,First,Birthday\nday@choice.test,Day,25/12/1980\nopen@choice.test,Open,12/05/1990\nlater@choice.test,Later,01/01/${nextYear}\n`;
    const up = await upload(t.app, ws.owner.headers, csv, { mapping: JSON.stringify(MAPPING) });
    expect(up.statusCode, up.body).toBe(201);
    const done = await waitForImport(t.app, ws.owner.headers, up.json().id);
    expect(done).toMatchObject({ created: 2, failed: 1, dateFormat: 'DMY' });
    expect(done.errors).toEqual([{ row: 4, field: 'birthday', level: 'error', message: `must not be in the future (column "Birthday": "01/01/${nextYear}")` }]);
    expect(await contact('open@choice.test')).toMatchObject({ birthday: '1990-05-12' });
  });

  it('matches select options case-insensitively and stores the option as it is spelled', async () => {
    const csv = 'Email,Tier,Topics\ngold@choice.test,gold,"sms, EMAIL"\nsilver@choice.test,SILVER,\nnone@choice.test,platinum,\n';
    const up = await upload(t.app, ws.owner.headers, csv, { mapping: JSON.stringify({ Email: 'email', Tier: 'custom.tier', Topics: 'custom.topics' }) });
    const done = await waitForImport(t.app, ws.owner.headers, up.json().id);
    expect(done).toMatchObject({ created: 2, failed: 1 });
    expect(done.errors[0]).toMatchObject({ row: 4, field: 'custom.tier', message: 'must be one of: Gold, Silver (column "Tier": "platinum")' });
    expect((await contact('gold@choice.test')).custom).toEqual({ tier: 'Gold', topics: ['SMS', 'Email'] });
    expect((await contact('silver@choice.test')).custom).toEqual({ tier: 'Silver' });
  });

  it('writes the same sentences for people in API 400s and import row errors', async () => {
    const long = 'x'.repeat(201);
    const api = await call('POST', '/api/v1/contacts', { firstName: long, email: 'not-an-email' });
    expect(api.status).toBe(400);
    expect(api.body.error.details.fields).toEqual([
      { path: 'firstName', message: 'must be at most 200 characters', in: 'body' },
      { path: 'email', message: 'must be a valid email address', in: 'body' },
    ]);
    const badMode = await call('POST', '/api/v1/imports/1/start', { mapping: { Email: 'email' }, mode: 'merge' });
    expect(badMode.body.error.details.fields).toEqual([{ path: 'mode', message: 'must be one of: create, update, upsert', in: 'body' }]);

    const up = await upload(t.app, ws.owner.headers, `Email,First\nlong@choice.test,${long}\n`, { mapping: JSON.stringify({ Email: 'email', First: 'firstName' }) });
    const done = await waitForImport(t.app, ws.owner.headers, up.json().id);
    expect(done.errors[0].message).toMatch(/^must be at most 200 characters \(column "First": "x{57}…"\)$/);
  });
});
