import type { Command } from 'commander';
import { createPlannedIndexes, dropUnusedIndexes, indexReport, MAX_SEGMENT_INDEXES } from '../modules/segments/segment-indexes.js';
import { withLocalContext } from './with-rapport.js';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * `rapport segments indexes list|create|drop-unused`: the expression indexes that speed up saved
 * segments' range conditions are built and dropped by the operator, never by a request
 * (src/modules/segments/segment-indexes.ts explains why).
 */
export function registerSegmentCommands(program: Command): void {
  const indexes = program.command('segments').description('Saved segments').command('indexes').description('Indexes for saved segments’ range conditions');
  indexes
    .command('list')
    .description('Segment indexes that exist (and which segments use them) and those saved segments would use')
    .action(() => withLocalContext('segments indexes list', async (ctx) => {
      const report = await indexReport(ctx.db);
      console.log(`Existing (${report.existing.length} of at most ${MAX_SEGMENT_INDEXES}):`);
      for (const e of report.existing) console.log(`  ${e.name} on ${e.table}, ${mb(e.bytes)}, ${e.usedBy.length ? `used by ${e.usedBy.join('; ')}` : 'UNUSED (drop-unused removes it)'}`);
      console.log(`Wanted by saved segments, not built (${report.missing.length}):`);
      for (const m of report.missing) console.log(`  ${m.name} on ${m.table}, used by ${m.usedBy.join('; ')}`);
    }));
  indexes
    .command('create')
    .description(`Build the indexes saved segments would use, most used first, up to ${MAX_SEGMENT_INDEXES} segment indexes in all`)
    .option('--max <n>', `stop at this many segment indexes in all (at most ${MAX_SEGMENT_INDEXES})`, Number)
    .action((opts: { max?: number }) => withLocalContext('segments indexes create', async (ctx) => {
      if (opts.max !== undefined && !(Number.isInteger(opts.max) && opts.max >= 0)) throw new Error('--max: give a whole number');
      const res = await createPlannedIndexes(ctx.db, { concurrently: ctx.database.kind === 'postgres', max: opts.max, log: (m) => console.log(m) });
      console.log(`Built ${res.built.length} index${res.built.length === 1 ? '' : 'es'}.`);
      if (res.leftOut.length) {
        console.log(`Not built, at the cap of ${Math.min(opts.max ?? MAX_SEGMENT_INDEXES, MAX_SEGMENT_INDEXES)}: ${res.leftOut.join(', ')}. Drop unused ones first (drop-unused).`);
        process.exitCode = 3;
      }
    }));
  indexes
    .command('drop-unused')
    .description('Drop the segment indexes no saved dynamic segment uses any more')
    .action(() => withLocalContext('segments indexes drop-unused', async (ctx) => {
      const res = await dropUnusedIndexes(ctx.db, { concurrently: ctx.database.kind === 'postgres', log: (m) => console.log(m) });
      console.log(`Dropped ${res.dropped.length} unused index${res.dropped.length === 1 ? '' : 'es'}.`);
    }));
}
