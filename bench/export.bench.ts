import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { exportContactsQuery } from '../src/modules/exports/exports.schema.js';
import { exportContactsCsv } from '../src/modules/exports/exports.service.js';
import { ratio } from './stats.js';

/** Counts bytes and drops them: the file is measured, never kept. */
function sink() {
  let bytes = 0;
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { stream, bytes: () => bytes };
}

// The same columns the export writes, with the company's name.
const SELECT = `select c.id, c.first_name, c.last_name, c.email, c.phone, c.job_title, c.birthday, co.name as company, c.tags, c.created_at, c.updated_at, c.custom
  from contacts c left join companies co on co.id = c.company_id where c.workspace_id = $1`;

async function timed<T>(fn: () => Promise<T>) {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * The CSV export of every contact (the code behind GET /contacts/export and `rapport export
 * contacts`) against the engine's own limit for the same rows: COPY (…) TO STDOUT on PostgreSQL,
 * and on PGlite (which has no COPY to a client stream here) one plain SELECT of every row.
 */
export async function benchExport(ctx: AppContext, actor: Actor) {
  const rows = Number((await sql<{ n: number }>`select count(*) as n from contacts where workspace_id = ${actor.workspaceId}`.execute(ctx.db)).rows[0].n);
  const out = sink();
  const exported = await timed(async () => {
    const { stream } = await exportContactsCsv({ ctx, actor, query: exportContactsQuery.parse({}) });
    await pipeline(stream, out.stream);
  });
  let raw: { name: string; seconds: number };
  if (ctx.database.kind === 'postgres') {
    const client = new pg.Client({ connectionString: ctx.database.connectionString });
    await client.connect();
    try {
      const copied = sink();
      const t = await timed(() => pipeline(client.query(copyTo(`copy (${SELECT.replace('$1', String(actor.workspaceId))}) to stdout with (format csv, header true)`)), copied.stream));
      raw = { name: 'raw COPY (select …) TO STDOUT', seconds: t.seconds };
    } finally {
      await client.end();
    }
  } else {
    const t = await timed(() => ctx.database.raw.executeSql(SELECT, [actor.workspaceId]));
    raw = { name: 'raw SELECT of every row', seconds: t.seconds };
  }
  const rate = (s: number) => Math.round(rows / s).toLocaleString('en');
  return [
    { export: raw.name, rows, seconds: raw.seconds.toFixed(2), 'rows/s': rate(raw.seconds), 'vs raw': '' },
    { export: `CSV export (${(out.bytes() / 1e6).toFixed(1)} MB)`, rows, seconds: exported.seconds.toFixed(2), 'rows/s': rate(exported.seconds), 'vs raw': ratio(raw.seconds, exported.seconds) },
  ];
}
