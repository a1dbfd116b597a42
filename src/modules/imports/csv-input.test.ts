import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { checkHeaders, MAX_COLUMNS } from './csv-format.js';
import { checkMapping } from './import-mapping.js';
import { multipart, upload, waitForImport } from './testing.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const fieldPaths = (body: { error: { details: { fields: { path: string }[] } } }) => body.error.details.fields.map((f) => f.path);

describe('CSV headers', () => {
  it('refuses a header of more than MAX_COLUMNS columns with a 400 naming the file', async () => {
    const header = Array.from({ length: 140_000 }, (_, i) => `c${i}`).join(',');
    const res = await upload(t.app, ws.owner.headers, `${header}\n1\n`);
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res.json())).toEqual(['file']);
    expect(res.json().error.message).toContain(`at most ${MAX_COLUMNS}`);
    expect((await t.app.inject({ url: '/api/v1/imports', headers: ws.owner.headers })).json().data).toEqual([]); // nothing left behind
  });

  it('accepts MAX_COLUMNS columns, and refuses overlong and repeated names', () => {
    const many = Array.from({ length: MAX_COLUMNS }, (_, i) => ` c${i} `);
    expect(checkHeaders(many)).toHaveLength(MAX_COLUMNS);
    expect(checkHeaders(many)[0]).toBe('c0');
    expect(() => checkHeaders(['Email', 'x'.repeat(201)])).toThrow(/column 2 has a name longer than 200/);
    expect(() => checkHeaders(['Email', 'Name', 'Email'])).toThrow(/"Email" twice/);
    expect(() => checkHeaders(['', ' '])).toThrow(/no header row/);
    expect(() => checkHeaders(['Email', 'Na\u0000me'])).toThrow(/column 2 has a name that contains a NUL/);
    expect(checkHeaders(['Email', '', ''])).toEqual(['Email', '', '']);
  });

  it('bounds a mapping by the column limit and lists the columns only when they are few', () => {
    const huge = Object.fromEntries(Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => [`h${i}`, 'email']));
    expect(checkMapping(['Email'], huge, [], 'upsert')).toEqual([{ path: 'mapping', message: expect.stringContaining(`at most ${MAX_COLUMNS}`) }]);
    const wide = Array.from({ length: 50 }, (_, i) => `c${i}`);
    expect(checkMapping(wide, { Nope: 'email' }, [], 'upsert')[0].message).toBe('"Nope" is not a column of the file');
  });
});

describe('unstorable text in an upload', () => {
  it('makes a NUL in a cell past the first 8,000 bytes (where it no longer means a binary file) a row error', async () => {
    const rows = Array.from({ length: 401 }, (_, i) => `p${i}@nul.test,Person ${i} ${'x'.repeat(20)}`);
    rows[400] = 'p400@nul.test,Bad\u0000Name';
    const res = await upload(t.app, ws.owner.headers, ['Email,Name', ...rows].join('\n'), { mapping: JSON.stringify({ Email: 'email', Name: 'firstName' }) });
    expect(res.statusCode, res.body).toBe(201);
    const done = await waitForImport(t.app, ws.owner.headers, res.json().id);
    expect(done).toMatchObject({ status: 'completed', created: 400, failed: 1 });
    expect(done.errors).toEqual([{ row: 402, field: 'firstName', message: 'contains a NUL character (U+0000), which cannot be stored (column "Name")', level: 'error' }]);
  });

  it('names a multipart field holding a NUL, and keeps a file name whatever its characters', async () => {
    const bad = await upload(t.app, ws.owner.headers, 'Email\na@b.test\n', { mapping: JSON.stringify({ 'Em\u0000ail': 'email' }) });
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad.json())).toEqual(['mapping.Em\\u0000ail']);
    const rawNul = await upload(t.app, ws.owner.headers, 'Email\na@b.test\n', { mode: 'up\u0000sert' });
    expect(rawNul.statusCode).toBe(400);
    expect(fieldPaths(rawNul.json())).toEqual(['mode']);

    const body = multipart([{ name: 'file', filename: 'con\u0000tacts\ud800.csv', content: 'Email\na@b.test\n' }]);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: { ...ws.owner.headers, ...body.headers } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().filename).not.toContain('\u0000');
  });
});
