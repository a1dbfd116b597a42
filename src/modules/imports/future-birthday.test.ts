import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { caller } from '../deals/deals.fixtures.js';
import { startImport } from './imports.service.js';
import { runImport } from './run-import.js';
import { uploadImport } from './upload-import.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const nextYear = `${new Date().getUTCFullYear() + 1}-03-04`;

describe('birthdays in the future', () => {
  it('are refused by the API, naming the field, and by an import, row by row', async () => {
    const ws = await newWorkspace(t.ctx);
    const call = caller(t.app, ws.owner.headers);
    const res = await call('POST', '/api/v1/contacts', { firstName: 'Future', birthday: nextYear });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0]).toMatchObject({ path: 'birthday', message: 'must not be in the future' });
    expect((await call('POST', '/api/v1/contacts', { firstName: 'Past', birthday: '1990-05-12' })).status).toBe(201);

    const csv = `email,birthday\nok@bday.test,1990-05-12\nsoon@bday.test,${nextYear}\n`;
    const id = await uploadImport({ ctx: t.ctx, actor: ws.owner.actor, filename: 'bdays.csv', file: Readable.from([Buffer.from(csv)]) });
    await startImport({ ctx: t.ctx, actor: ws.owner.actor, id, input: { mapping: { email: 'email', birthday: 'birthday' }, mode: 'upsert', dryRun: false }, inline: true });
    await runImport({ ctx: t.ctx, importId: id });
    const errors = await t.ctx.db.selectFrom('import_errors').select(['row_number', 'message']).where('import_id', '=', id).execute();
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('must not be in the future');
    const emails = (await call('GET', '/api/v1/contacts?q=bday.test')).body.data.map((c: { email: string }) => c.email);
    expect(emails).toEqual(['ok@bday.test']);
  });
});
