import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { closeContext, createContext } from '../boot.js';
import type { AppContext } from '../context.js';
import { exportContactsQuery } from '../modules/exports/exports.schema.js';
import { exportContactsCsv } from '../modules/exports/exports.service.js';
import { startImportBody } from '../modules/imports/imports.schema.js';
import { getImport, importErrorsCsv, startImport } from '../modules/imports/imports.service.js';
import { runImport } from '../modules/imports/run-import.js';
import { uploadImport } from '../modules/imports/upload-import.js';
import { cliActor } from './accounts.cli.js';
import { config } from './main.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export async function withContext(fn: (ctx: AppContext) => Promise<void>) {
  const ctx = await createContext(config(), { queue: false });
  try {
    await fn(ctx);
  } finally {
    await closeContext(ctx);
  }
}

const toFileOrStdout = (stream: Readable, out?: string) => pipeline(stream, out ? createWriteStream(out) : process.stdout);

/** "Header=field" pairs; the header may itself contain "=", so the last one splits. */
function parseMapOptions(pairs: string[]): Record<string, string> {
  return Object.fromEntries(pairs.map((pair) => {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new Error(`--map "${pair}": write it as "CSV header=field" (an empty field skips the column)`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
}

export function registerDataCommands(program: Command): void {
  const imports = program.command('import').description('Import data from CSV');
  imports
    .command('contacts <file>')
    .description('Import contacts from a CSV file, in this process, with a progress bar')
    .option('--mode <mode>', 'create, update or upsert (match by email)', 'upsert')
    .option('--map <pair>', 'map a column: "CSV header=field" (repeatable; overrides the guess)', collect, [])
    .option('--dry-run', 'validate and count without saving contacts', false)
    .option('--workspace <id>', 'workspace id', Number)
    .action((file: string, opts) => withContext(async (ctx) => {
      const actor = await cliActor(ctx, opts.workspace);
      const id = await uploadImport({ ctx, actor, filename: basename(file), file: createReadStream(file) });
      const uploaded = await getImport({ ctx, actor, id });
      const mapping = { ...uploaded.suggestedMapping, ...parseMapOptions(opts.map) };
      console.log(`Import ${id}: ${uploaded.headers.length} columns; mapping ${Object.entries(mapping).filter(([, f]) => f).map(([h, f]) => `${h}→${f}`).join(', ')}`);
      await startImport({ ctx, actor, id, input: startImportBody.parse({ mapping, mode: opts.mode, dryRun: opts.dryRun }), inline: true });
      const bar = new SingleBar({ format: '{bar} {percentage}% | {processed} rows | {created} created, {updated} updated, {failed} failed', hideCursor: true }, Presets.shades_classic);
      bar.start(uploaded.byteSize, 0, { processed: 0, created: 0, updated: 0, failed: 0 });
      const started = Date.now();
      const done = await runImport({ ctx, importId: id, onBatch: (p) => bar.update(p.bytes, p) }).finally(() => bar.stop());
      const seconds = (Date.now() - started) / 1000;
      console.log(`${done.dry_run ? 'Dry run: would have ' : ''}created ${done.created}, updated ${done.updated}; ${done.failed} of ${done.total_rows} rows failed (${seconds.toFixed(1)} s, ${Math.round((done.total_rows ?? 0) / seconds)} rows/s).`);
      if (done.failed) {
        const out = `${file}.errors.csv`;
        await toFileOrStdout((await importErrorsCsv({ ctx, actor, id })).stream, out);
        console.log(`Row errors written to ${out} (also: rapport import errors ${id}).`);
      }
    }));
  imports
    .command('errors <id>')
    .description("Write an import's row errors as CSV")
    .option('--out <file>', 'file to write (default: standard output)')
    .option('--workspace <id>', 'workspace id', Number)
    .action((id: string, opts) => withContext(async (ctx) => {
      const { stream } = await importErrorsCsv({ ctx, actor: await cliActor(ctx, opts.workspace), id: Number(id) });
      await toFileOrStdout(stream, opts.out);
    }));

  program
    .command('export')
    .description('Export data as CSV')
    .command('contacts')
    .description('Export every contact as CSV (UTF-8 with BOM)')
    .option('--out <file>', 'file to write (default: standard output)')
    .option('--workspace <id>', 'workspace id', Number)
    .action((opts) => withContext(async (ctx) => {
      const { stream } = await exportContactsCsv({ ctx, actor: await cliActor(ctx, opts.workspace), query: exportContactsQuery.parse({}) });
      await toFileOrStdout(stream, opts.out);
    }));
}
