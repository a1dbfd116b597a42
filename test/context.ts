import { loadConfig } from '../src/config/config.js';
import { closeContext, createContext } from '../src/boot.js';
import type { AppContext } from '../src/context.js';
import { buildApp } from '../src/http/app.js';
import type { App } from '../src/http/types.js';

/**
 * A real database per test file: in-memory PGlite by default, or the PostgreSQL named by
 * DATABASE_URL (shared by files, so every test works inside workspaces it creates itself).
 */
export async function createTestContext(options: { workers?: boolean; databaseUrl?: string } = {}): Promise<AppContext> {
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl ?? process.env.DATABASE_URL,
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SECRET_KEY: 'test-secret-key-of-at-least-thirty-two-characters',
  });
  return createContext(config, { workers: options.workers ?? false });
}

/**
 * A client address of its own for a test file. Public endpoints limit requests per address in
 * the database, which test files share on PostgreSQL: from one 127.0.0.1 they would eat each
 * other's allowance.
 */
export const uniqueClientAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 254) + 1).join('.')}`;

export async function createTestApp(options: { workers?: boolean; clientAddress?: string; databaseUrl?: string } = {}): Promise<{ ctx: AppContext; app: App; close: () => Promise<void> }> {
  const ctx = await createTestContext(options);
  const app = await buildApp(ctx);
  await app.ready();
  if (options.clientAddress) {
    const inject = app.inject.bind(app) as (opts: object) => ReturnType<App['inject']>;
    // Requests that name no address of their own come from this one.
    app.inject = ((opts: object) => inject({ remoteAddress: options.clientAddress, ...opts })) as unknown as App['inject'];
  }
  return {
    ctx,
    app,
    close: async () => {
      await app.close();
      await closeContext(ctx);
    },
  };
}

/**
 * On PostgreSQL, a fresh database of this test file's own (dropped by the returned function), for
 * tests whose background jobs must not be taken or crowded by other files' processes: pg-boss
 * queues are shared by every process on a database. On PGlite every file has its own already.
 */
export async function ownDatabase(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { url: undefined, drop: async () => {} };
  const { default: pg } = await import('pg');
  const name = `rapport_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
