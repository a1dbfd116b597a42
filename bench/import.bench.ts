import { createReadStream, statSync } from 'node:fs';
import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { createCustomField } from '../src/modules/custom-fields/custom-fields.service.js';
import { startImportBody } from '../src/modules/imports/imports.schema.js';
import { getImport, startImport } from '../src/modules/imports/imports.service.js';
import { runImport } from '../src/modules/imports/run-import.js';
import { uploadImport } from '../src/modules/imports/upload-import.js';

/** Uploads the CSV and runs the import in-process (the code the background job runs). */
export async function benchImport(ctx: AppContext, actor: Actor, csvPath: string) {
  await createCustomField({ ctx, actor, input: { entity: 'contact', key: 'score', label: 'Score', type: 'number', options: [], required: false } });
  const started = process.hrtime.bigint();
  const id = await uploadImport({ ctx, actor, filename: 'bench.csv', file: createReadStream(csvPath) });
  const uploaded = await getImport({ ctx, actor, id });
  await startImport({ ctx, actor, id, input: startImportBody.parse({ mapping: { ...uploaded.suggestedMapping, Score: 'custom.score' }, mode: 'upsert' }), inline: true });
  const done = await runImport({ ctx, importId: id });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = done.processed;
  return { rows, created: done.created, failed: done.failed, seconds, rowsPerSecond: rows / seconds, megabytes: statSync(csvPath).size / 1e6 };
}
