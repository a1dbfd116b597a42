import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import type { RapportOps } from '../control/operations.js';
import type { LockOwner } from '../control/data-dir-lock.js';
import { withRapport } from './with-rapport.js';

const collect = (value: string, previous: string[]) => [...previous, value];

const toFileOrStdout = (stream: Readable, out?: string) => pipeline(stream, out ? createWriteStream(out) : process.stdout);

/** "Header=field" pairs; the header may itself contain "=", so the last one splits. */
function parseMapOptions(pairs: string[]): Record<string, string> {
  return Object.fromEntries(pairs.map((pair) => {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new Error(`--map "${pair}": write it as "CSV header=field" (an empty field skips the column)`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
}

interface ImportOptions {
  mode: string;
  map: string[];
  dryRun: boolean;
  onRepeat?: string;
  dateFormat?: string;
  workspace?: number;
}

/**
 * Uploads the file (streamed, so memory stays flat however large it is), starts the import with
 * the guessed mapping plus --map, and follows it with a progress bar. Through a server, the
 * server's workers run it; Ctrl-C then stops only the watching.
 */
async function importContacts(ops: RapportOps, server: LockOwner | null, file: string, opts: ImportOptions) {
  const { workspace } = opts;
  const overrides = parseMapOptions(opts.map);
  const input = file === '-' ? process.stdin : createReadStream(file);
  const uploaded = await ops.uploadContacts({ workspace, filename: file === '-' ? 'stdin.csv' : basename(file), file: input });
  const { id } = uploaded;
  const mapping = { ...uploaded.suggestedMapping, ...overrides };
  console.log(`Import ${id}: ${uploaded.headers.length} columns; mapping ${Object.entries(mapping).filter(([, f]) => f).map(([h, f]) => `${h}→${f}`).join(', ')}`);
  const bar = new SingleBar({ format: '{bar} {percentage}% | {processed} rows | {created} created, {updated} updated, {failed} failed', hideCursor: true }, Presets.shades_classic);
  bar.start(uploaded.byteSize, 0, { processed: 0, created: 0, updated: 0, failed: 0 });
  const detach = () => {
    bar.stop();
    console.error(`\nStopped watching; import ${id} carries on in the server (pid ${server!.pid}): see the Imports page or GET /api/v1/imports/${id}.`);
    process.exit(130);
  };
  if (server) process.prependOnceListener('SIGINT', detach); // before the handler that just exits
  const started = Date.now();
  const done = await ops.runContactsImport({ id, workspace, mapping, mode: opts.mode as 'upsert', dryRun: opts.dryRun, onRepeat: opts.onRepeat as 'first' | undefined, dateFormat: opts.dateFormat as 'DMY' | undefined }, (p) => bar.update(p.bytes, p)).finally(() => {
    bar.stop();
    process.off('SIGINT', detach);
  });
  const seconds = (Date.now() - started) / 1000;
  console.log(`${done.dryRun ? 'Dry run: would have ' : ''}created ${done.created}, updated ${done.updated}; ${done.failed} of ${done.totalRows} rows failed (${seconds.toFixed(1)} s, ${Math.round(done.totalRows / seconds)} rows/s).`);
  if (done.failed) {
    const out = `${file === '-' ? 'stdin' : file}.errors.csv`;
    await toFileOrStdout(await ops.importErrors({ id, workspace }), out);
    console.log(`Row errors written to ${out} (also: rapport import errors ${id}).`);
  }
}

export function registerDataCommands(program: Command): void {
  const imports = program.command('import').description('Import data from CSV');
  imports
    .command('contacts <file>')
    .description('Import contacts from a CSV file ("-" reads standard input), with a progress bar')
    .option('--mode <mode>', 'create, update or upsert (match by email)', 'upsert')
    .option('--map <pair>', 'map a column: "CSV header=field" (repeatable; overrides the guess)', collect, [])
    .option('--dry-run', 'validate and count without saving contacts', false)
    .option('--on-repeat <choice>', 'for an email on several rows of the file: first, last or skip (asked for when the file repeats one)')
    .option('--date-format <format>', 'DMY, MDY or YMD (asked for when dates such as 12-05-1990 could be read either way)')
    .option('--workspace <id>', 'workspace id', Number)
    .action((file: string, opts: ImportOptions) => {
      if (file !== '-') statSync(file); // a missing file fails here, before the data dir is touched
      return withRapport('import contacts', (ops, server) => importContacts(ops, server, file, opts));
    });
  imports
    .command('errors <id>')
    .description("Write an import's row errors as CSV")
    .option('--out <file>', 'file to write (default: standard output)')
    .option('--workspace <id>', 'workspace id', Number)
    .action((id: string, opts) => withRapport('import errors', async (ops) => toFileOrStdout(await ops.importErrors({ id: Number(id), workspace: opts.workspace }), opts.out)));

  program
    .command('export')
    .description('Export data as CSV')
    .command('contacts')
    .description('Export every contact as CSV (UTF-8 with BOM)')
    .option('--out <file>', 'file to write (default: standard output)')
    .option('--workspace <id>', 'workspace id', Number)
    .action((opts) => withRapport('export contacts', async (ops) => toFileOrStdout(await ops.exportContacts({ workspace: opts.workspace }), opts.out)));
}
