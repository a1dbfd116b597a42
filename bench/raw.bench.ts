import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AppContext } from '../src/context.js';

/**
 * The engine's own limit for loading the benchmark CSV: the same file, parsed the same way, into
 * a bare table of the same columns with only a unique email index and a GIN index on a search
 * vector (a generated column), nothing else — no triggers, no timeline, no audit, no checks.
 */
const TABLE = 'bench_raw_contacts';
const CREATE = [
  `drop table if exists ${TABLE}`,
  `create table ${TABLE} (
    id bigint generated always as identity primary key,
    first_name text not null default '', last_name text not null default '', email text, phone text,
    company text, tags text, birthday date, score numeric,
    search tsvector generated always as (to_tsvector('simple', first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(company, ''))) stored)`,
  `create unique index ${TABLE}_email_key on ${TABLE} (lower(email)) where email is not null`,
  `create index ${TABLE}_search_idx on ${TABLE} using gin (search)`,
];
const COLUMNS = ['first_name', 'last_name', 'email', 'phone', 'company', 'tags', 'birthday', 'score'];

async function recreate(ctx: AppContext) {
  for (const s of CREATE) await sql.raw(s).execute(ctx.db);
}

export async function dropRawTable(ctx: AppContext) {
  await sql.raw(`drop table if exists ${TABLE}`).execute(ctx.db);
}

async function* records(csvPath: string) {
  const parser = createReadStream(csvPath).pipe(parse({ from_line: 2, relax_column_count: true }));
  for await (const r of parser as AsyncIterable<string[]>) yield r.map((c) => (c === '' ? null : c));
}

/**
 * Multi-row INSERT of `batch` rows per statement (autocommit), the way a hand-written loader
 * would; `upsert` adds ON CONFLICT on the email key, the raw equivalent of a re-import.
 */
export async function rawInsertLoad(ctx: AppContext, csvPath: string, opts: { batch?: number; upsert?: boolean; keep?: boolean } = {}) {
  const size = opts.batch ?? 1000;
  if (!opts.upsert) await recreate(ctx);
  const started = process.hrtime.bigint();
  let rows = 0;
  let batch: (string | null)[][] = [];
  const conflict = opts.upsert
    ? sql.raw(` on conflict (lower(email)) where email is not null do update set ${COLUMNS.filter((c) => c !== 'email').map((c) => `${c} = excluded.${c}`).join(', ')}`)
    : sql``;
  const flush = async () => {
    const values = sql.join(batch.map((r) => sql`(${sql.join(COLUMNS.map((_, i) => r[i] ?? null))})`));
    await sql`insert into ${sql.table(TABLE)} (${sql.join(COLUMNS.map((c) => sql.ref(c)))}) values ${values}${conflict}`.execute(ctx.db);
    rows += batch.length;
    batch = [];
  };
  for await (const r of records(csvPath)) {
    batch.push(r);
    if (batch.length >= size) await flush();
  }
  if (batch.length) await flush();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!opts.keep) await dropRawTable(ctx);
  return { rows, seconds, rowsPerSecond: rows / seconds };
}

/** PostgreSQL only: COPY of the file straight into the bare table (its fastest path). */
export async function rawCopyLoad(ctx: AppContext, csvPath: string) {
  await recreate(ctx);
  const client = new pg.Client({ connectionString: ctx.database.connectionString });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    const copy = client.query(copyFrom(`copy ${TABLE} (${COLUMNS.join(', ')}) from stdin with (format csv, header true)`));
    await pipeline(createReadStream(csvPath), copy);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rows = Number(copy.rowCount);
    return { rows, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await client.end();
    await dropRawTable(ctx);
  }
}
