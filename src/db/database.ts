import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type AcquireOptions, type DataDirLock } from '../control/data-dir-lock.js';
import { Mutex } from './mutex.js';
import { namePreparedQueries } from './prepared.js';
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
  /** The exclusive hold on a PGlite data dir (none for memory:// or PostgreSQL). */
  lock?: DataDirLock;
  /** PGlite only: the whole data dir as an uncompressed tarball (a template for memory:// databases). */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

/**
 * A tarball of a PGlite data dir (made by `dumpDataDir`) that every `memory://` database of this
 * process starts from instead of running initdb and the migrations again: the test suite sets it
 * once for all its files (test/global-setup.ts), which spares each file several seconds.
 */
export const PGLITE_TEMPLATE_ENV = 'RAPPORT_PGLITE_TEMPLATE';

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
  /** Who is opening a PGlite data dir, for its lock; default: a CLI command. */
  lock?: AcquireOptions;
  /** PostgreSQL only: statements running longer are cancelled (error 57014); 0 or absent: no limit. */
  statementTimeoutMs?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10, options.statementTimeoutMs);
  return openPglite(options.dataDir ?? 'memory://', options.lock ?? { role: 'cli', command: commandWords() });
}

// The lock file shows what holds the dir: the command's words, never its options (a password).
const commandWords = () => process.argv.slice(2).filter((a) => !a.startsWith('-')).slice(0, 2).join(' ') || 'a script';

function openPostgres(connectionString: string, max: number, statementTimeoutMs = 0): Database {
  const types = {
    getTypeParser(oid: number, format?: any) {
      if (oid === INT8 || oid === NUMERIC) return parseNumber;
      if (oid === DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    },
  };
  // Set per connection at startup, so every query of this pool (requests, and the jobs that share
  // it) is bounded; pg-boss has its own pool without one. PGlite cannot time out a statement.
  const pool = new pg.Pool({ connectionString, max, types: types as any, ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}) });
  // An idle connection the server ends (restart, pg_terminate_backend, DROP DATABASE … WITH
  // (FORCE) right after close(): pool.end() resolves before its sockets finish) is dropped by the
  // pool and reopened on the next query; without a listener, Node turns the event into a crash.
  pool.on('error', () => {});
  pool.on('connect', namePreparedQueries);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    connectionString,
    raw: { executeSql: async (text, values) => pool.query(text, values as any[]) },
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string, lockOptions: AcquireOptions): Promise<Database> {
  // Two processes on one data dir corrupt it: the first to open it holds it until it closes.
  const lock = dataDir.includes('://') ? undefined : await acquireDataDirLock(dataDir, lockOptions);
  const template = dataDir === 'memory://' ? process.env[PGLITE_TEMPLATE_ENV] : undefined;
  const pglite = await PGlite.create(dataDir, {
    parsers: { [INT8]: parseNumber, [NUMERIC]: parseNumber, [DATE]: keepText },
    extensions: { pg_trgm }, // trigram similarity of names (duplicate detection, migration 0011)
    ...(template ? { loadDataDir: new Blob([readFileSync(template)]) } : {}),
  }).catch((err) => {
    lock?.release();
    throw err;
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
    lock,
    dumpDataDir: () => mutex.run(() => pglite.dumpDataDir('none')),
    close: async () => {
      await db.destroy();
      await mutex.run(() => pglite.close());
      lock?.release();
    },
  };
}
