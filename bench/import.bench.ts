import { createReadStream, statSync } from 'node:fs';
import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { createCustomField } from '../src/modules/custom-fields/custom-fields.service.js';
import { startImportBody } from '../src/modules/imports/imports.schema.js';
import { getImport, startImport } from '../src/modules/imports/imports.service.js';
import { runImport } from '../src/modules/imports/run-import.js';
import { uploadImport } from '../src/modules/imports/upload-import.js';
import { dropRawTable, rawCopyLoad, rawInsertLoad } from './raw.bench.js';
import { ratio } from './stats.js';

/** Uploads the CSV and runs the import in-process (the code the background job runs), timing both. */
async function importOnce(ctx: AppContext, actor: Actor, csvPath: string) {
  const started = process.hrtime.bigint();
  const id = await uploadImport({ ctx, actor, filename: 'bench.csv', file: createReadStream(csvPath) });
  const uploaded = await getImport({ ctx, actor, id });
  await startImport({ ctx, actor, id, input: startImportBody.parse({ mapping: { ...uploaded.suggestedMapping, Score: 'custom.score' }, mode: 'upsert' }), inline: true });
  const done = await runImport({ ctx, importId: id });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows: done.processed, created: done.created, updated: done.updated, failed: done.failed, seconds, rowsPerSecond: done.processed / seconds };
}

const rate = (r: { rowsPerSecond: number }) => Math.round(r.rowsPerSecond).toLocaleString('en');

/**
 * The import of a fresh file and the same file again (every row an update), each beside the raw
 * loads of the same file on the same engine in the same run: 1,000-row multi-INSERTs (and COPY on
 * PostgreSQL) for the first, multi-row INSERT … ON CONFLICT DO UPDATE for the second.
 */
export async function benchImport(ctx: AppContext, actor: Actor, csvPath: string) {
  await createCustomField({ ctx, actor, input: { entity: 'contact', key: 'score', label: 'Score', type: 'number', options: [], required: false } });
  const megabytes = statSync(csvPath).size / 1e6;
  const rawInsert = await rawInsertLoad(ctx, csvPath, { keep: true });
  const rawUpsert = await rawInsertLoad(ctx, csvPath, { upsert: true });
  await dropRawTable(ctx);
  const rawCopy = ctx.database.kind === 'postgres' ? await rawCopyLoad(ctx, csvPath) : null;
  const first = await importOnce(ctx, actor, csvPath);
  const again = await importOnce(ctx, actor, csvPath);
  const row = (name: string, r: Awaited<ReturnType<typeof importOnce>> | { rows: number; seconds: number; rowsPerSecond: number }, vs?: { rowsPerSecond: number }) => ({
    load: name,
    rows: r.rows,
    'created / updated / failed': 'created' in r ? `${r.created} / ${r.updated} / ${r.failed}` : '',
    seconds: r.seconds.toFixed(1),
    'rows/s': rate(r),
    'vs raw': vs ? ratio(r.rowsPerSecond, vs.rowsPerSecond) : '',
  });
  return {
    megabytes,
    rows: [
      row('raw multi-INSERT, 1,000 rows per statement', rawInsert),
      ...(rawCopy ? [row('raw COPY', rawCopy)] : []),
      row('import (new contacts)', first, rawInsert),
      ...(rawCopy ? [row('import (new contacts) vs raw COPY', first, rawCopy)] : []),
      row('raw multi-INSERT … ON CONFLICT DO UPDATE', rawUpsert),
      row('re-import (every row an update)', again, rawUpsert),
    ],
  };
}
