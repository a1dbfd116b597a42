import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { Mutex } from './mutex.js';
import { PgliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** Raw SQL access for libraries that bring their own SQL (pg-boss). */
export interface RawExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  raw: RawExecutor;
  /** For pg-boss on PostgreSQL: it opens its own pool from the connection string. */
  connectionString?: string;
  close(): Promise<void>;
}

// int8 (counts, ids) and numeric come back as JS numbers and `date` as 'YYYY-MM-DD' on both
// engines, so no code path depends on which engine it runs on.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parseNumber = (v: string) => Number(v);
const keepText = (v: string) => v;

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory for PGlite; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? 'memory://');
}

function openPostgres(connectionString: string, max: number): Database {
  const types = {
    getTypeParser(oid: number, format?: any) {
      if (oid === INT8 || oid === NUMERIC) return parseNumber;
      if (oid === DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString, max, types: types as any });
  // An idle connection that dies (server restart, terminated backend, dropped database) is
  // removed by the pool and the next query opens a new one; unhandled, its error would end the process.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    connectionString,
    raw: { executeSql: async (text, values) => pool.query(text, values as any[]) },
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: { [INT8]: parseNumber, [NUMERIC]: parseNumber, [DATE]: keepText },
  });
  const mutex = new Mutex();
  const db = new Kysely<DB>({ dialect: new PgliteDialect(pglite, mutex) });
  const raw: RawExecutor = {
    executeSql: (text, values) =>
      mutex.run(async () => {
        // pg-boss sends multi-statement scripts (its schema install) without parameters; PGlite
        // runs those only through exec(), which returns one result per statement.
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        return pglite.query(text, values);
      }),
  };
  return {
    kind: 'pglite',
    db,
    raw,
    close: async () => {
      await db.destroy();
      await mutex.run(() => pglite.close());
    },
  };
}
