import { loadConfig } from '../src/config/config.js';
import { closeContext, createContext } from '../src/boot.js';
import type { AppContext } from '../src/context.js';
import { buildApp } from '../src/http/app.js';
import type { App } from '../src/http/types.js';

/**
 * A real database per test file: in-memory PGlite by default, or the PostgreSQL named by
 * DATABASE_URL (shared by files, so every test works inside workspaces it creates itself).
 */
export async function createTestContext(options: { workers?: boolean } = {}): Promise<AppContext> {
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SECRET_KEY: 'test-secret-key-of-at-least-thirty-two-characters',
  });
  return createContext(config, { workers: options.workers ?? false });
}

export async function createTestApp(options: { workers?: boolean } = {}): Promise<{ ctx: AppContext; app: App; close: () => Promise<void> }> {
  const ctx = await createTestContext(options);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    ctx,
    app,
    close: async () => {
      await app.close();
      await closeContext(ctx);
    },
  };
}
