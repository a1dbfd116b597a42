import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { closeContext } from '../../boot.js';
import type { AppContext } from '../../context.js';
import { startImport } from './imports.service.js';
import { runImport } from './run-import.js';
import { uploadImport } from './upload-import.js';

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => closeContext(ctx));

// Text that CSV and databases find awkward: quotes, separators, newlines, BOMs, emoji, RTL.
const awkward = fc.constantFrom('"', ',', ';', '\n', '\r\n', '\uFEFF', ' ', 'a', 'Z', 'é', 'ß', '😀', '👩‍👩‍👧', 'שלום', 'مرحبا', '\u202E', '=', '\t', "'");
const name = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: awkward, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: awkward, minLength: 250, maxLength: 300 }) },
);
const emailKind = fc.constantFrom('valid', 'valid', 'valid', 'not-an-email', 'a@', 'two words@x.test');
const birthday = fc.constantFrom('', '1990-05-17', '17/05/1990', '2023-02-30', 'soon');
const row = fc.record({ first: name, last: name, email: emailKind, birthday });

describe('CSV import (property)', () => {
  it('never crashes; each valid row is created exactly once and each invalid row is reported at its row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.constantFrom(',', ';'), fc.integer({ min: 3, max: 50 }), async (rows, bom, delimiter, batchSize) => {
        const ws = await newWorkspace(ctx);
        const records = rows.map((r, i) => [r.first, r.last, r.email === 'valid' ? `u${i}@prop.test` : r.email, r.birthday]);
        const csv = (bom ? '\uFEFF' : '') + stringify([['First', 'Last', 'Email', 'Birthday'], ...records], { delimiter });
        const id = await uploadImport({ ctx, actor: ws.owner.actor, filename: 'p.csv', file: Readable.from([Buffer.from(csv)]) });
        await startImport({ ctx, actor: ws.owner.actor, id, inline: true, input: { mapping: { First: 'firstName', Last: 'lastName', Email: 'email', Birthday: 'birthday' }, mode: 'upsert', dryRun: false } });
        const done = await runImport({ ctx, importId: id, batchSize });

        const invalid = (r: (typeof rows)[number]) => r.email !== 'valid' || r.first.trim().length > 200 || r.last.trim().length > 200 || r.birthday === '2023-02-30' || r.birthday === 'soon';
        const expectedEmails = rows.flatMap((r, i) => (invalid(r) ? [] : [`u${i}@prop.test`])).sort();
        const expectedBadRows = rows.flatMap((r, i) => (invalid(r) ? [i + 2] : []));
        const stored = await sql<{ email: string }>`select email from contacts where workspace_id = ${ws.id} order by email`.execute(ctx.db);
        const errorRows = await ctx.db.selectFrom('import_errors').select('row_number').distinct().where('import_id', '=', id).orderBy('row_number').execute();

        expect(done).toMatchObject({ status: 'completed', total_rows: rows.length, created: expectedEmails.length, failed: expectedBadRows.length });
        expect(stored.rows.map((r) => r.email)).toEqual(expectedEmails);
        expect(errorRows.map((r) => r.row_number)).toEqual(expectedBadRows);
      }),
      { numRuns: 25 },
    );
  });
});
