import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { JobInterrupted } from '../../jobs/job-lease.js';
import { startImport } from './imports.service.js';
import { runImport } from './run-import.js';
import { uploadImport } from './upload-import.js';

let ctx: AppContext;
let ws: TestWorkspace;
beforeAll(async () => {
  ctx = await createTestContext();
  ws = await newWorkspace(ctx);
});
afterAll(async () => {
  const { closeContext } = await import('../../boot.js');
  await closeContext(ctx);
});

async function prepare(csv: string, mapping: Record<string, string>, dryRun = false) {
  const id = await uploadImport({ ctx, actor: ws.owner.actor, filename: 'resume.csv', file: Readable.from([Buffer.from(csv)]) });
  await startImport({ ctx, actor: ws.owner.actor, id, input: { mapping, mode: 'upsert', dryRun }, inline: true });
  return id;
}

const count = async (table: 'contacts' | 'timeline_events' | 'audit_log', where = sql`true`) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where workspace_id = ${ws.id} and ${where}`.execute(ctx.db)).rows[0].n);

describe('runImport', () => {
  it('resumes after a crash between batches without losing or repeating a row', async () => {
    const rows = Array.from({ length: 95 }, (_, i) => `r${i}@resume.test,Row ${i},${i % 10 === 0 ? 'not-a-date' : '2000-01-01'}`);
    const id = await prepare(['email,name,birthday', ...rows].join('\n'), { email: 'email', name: 'firstName', birthday: 'birthday' });
    let batches = 0;
    const crash = runImport({ ctx, importId: id, batchSize: 10, onBatch: () => {
      if (++batches === 4) throw new Error('worker killed');
    } });
    await expect(crash).rejects.toThrow('worker killed');
    const halfway = await ctx.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(halfway).toMatchObject({ status: 'failed', processed: 40, created: 36, failed: 4, error_message: 'worker killed' });

    const done = await runImport({ ctx, importId: id, batchSize: 10 });
    expect(done).toMatchObject({ status: 'completed', total_rows: 95, processed: 95, created: 85, failed: 10, error_message: null });
    expect(await count('contacts', sql`email like '%@resume.test'`)).toBe(85);
    expect(await count('timeline_events', sql`kind = 'imported' and (data ->> 'importId')::bigint = ${id}`)).toBe(85);
    const errorRows = await ctx.db.selectFrom('import_errors').select('row_number').where('import_id', '=', id).orderBy('row_number').execute();
    expect(errorRows.map((r) => r.row_number)).toEqual([2, 12, 22, 32, 42, 52, 62, 72, 82, 92]);
    expect(await runImport({ ctx, importId: id })).toMatchObject({ processed: 95, created: 85 }); // a redelivered job is a no-op
  });

  it('stops after the batch in progress when its job is interrupted, leaves the import running, and a retry finishes it', async () => {
    const id = await prepare('email\n' + Array.from({ length: 40 }, (_, i) => `s${i}@stop.test`).join('\n'), { email: 'email' });
    const controller = new AbortController();
    const run = runImport({ ctx, importId: id, batchSize: 10, signal: controller.signal, onBatch: (p) => {
      if (p.processed === 20) controller.abort(new JobInterrupted('the process is stopping'));
    } });
    await expect(run).rejects.toBeInstanceOf(JobInterrupted);
    const halfway = await ctx.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(halfway).toMatchObject({ status: 'running', processed: 20, error_message: null });
    expect(await runImport({ ctx, importId: id, batchSize: 10 })).toMatchObject({ status: 'completed', processed: 40, created: 40 });
    expect(await count('contacts', sql`email like '%@stop.test'`)).toBe(40);
  });

  it('a second worker on the same import cannot commit the same batch twice', async () => {
    const id = await prepare('email\n' + Array.from({ length: 30 }, (_, i) => `w${i}@race.test`).join('\n'), { email: 'email' });
    const results = await Promise.allSettled([runImport({ ctx, importId: id, batchSize: 5 }), runImport({ ctx, importId: id, batchSize: 5 })]);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    await runImport({ ctx, importId: id, batchSize: 5 }).catch(() => undefined);
    expect(await count('contacts', sql`email like '%@race.test'`)).toBe(30);
  });

  it('turns a value PostgreSQL refuses into a row error and keeps the rest of the batch', async () => {
    // 0000-01-01 passes the ISO check but PostgreSQL has no year 0.
    const id = await prepare('email,birthday\nok1@pg.test,1990-01-01\nyear0@pg.test,0000-01-01\nok2@pg.test,\n', { email: 'email', birthday: 'birthday' });
    const done = await runImport({ ctx, importId: id });
    expect(done).toMatchObject({ status: 'completed', created: 2, failed: 1 });
    const errors = await ctx.db.selectFrom('import_errors').select(['row_number', 'message']).where('import_id', '=', id).execute();
    expect(errors).toHaveLength(1);
    expect(errors[0].row_number).toBe(3);
    expect(await count('contacts', sql`email like '%@pg.test'`)).toBe(2);
  });

  it('fails the import with a clear message when the file is broken past the sampled rows', async () => {
    const body = Array.from({ length: 20 }, (_, i) => `b${i}@broken.test`).join('\n');
    const id = await prepare(`email\n${body}\n"never closed\nmore@broken.test\n`, { email: 'email' });
    await expect(runImport({ ctx, importId: id, batchSize: 5 })).rejects.toThrow();
    const row = await ctx.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.error_message).toContain('not valid CSV');
    expect(row.processed).toBe(20);
  });
});
