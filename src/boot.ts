import pino from 'pino';
import type { Config } from './config/config.js';
import type { AcquireOptions } from './control/data-dir-lock.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { startQueue, type JobQueue } from './jobs/queue.js';
import { loadSecret } from './modules/auth/auth.service.js';
import { registerWorkers } from './jobs/workers.js';
import { installZodMessages } from './lib/zod-messages.js';

export function createLogger(config: Config) {
  // Secrets never reach the log: credentials in headers and bodies are redacted.
  return pino({
    level: config.LOG_LEVEL,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'token', '*.token'],
    serializers: { req: serializeRequest },
  });
}

// Signed links (confirmation, preference centre, unsubscribe, invites) carry their token in the
// path or the query: whoever reads the log could act as the recipient, so it is cut out.
const TOKEN_IN_PATH = /^(\/(?:u|preferences|confirm|invite|api\/v1\/invites)\/)(?!accept(?:[/?#]|$))[^/?#]+/;
const TOKEN_IN_QUERY = /([?&](?:token|t|key)=)[^&#]*/gi;
export const redactUrl = (url: string) => url.replace(TOKEN_IN_PATH, '$1[redacted]').replace(TOKEN_IN_QUERY, '$1[redacted]');

export function serializeRequest(req: { method?: string; url?: string; host?: string; hostname?: string; ip?: string; socket?: { remoteAddress?: string } }) {
  return { method: req.method, url: redactUrl(String(req.url ?? '')), host: req.host ?? req.hostname, remoteAddress: req.ip ?? req.socket?.remoteAddress };
}

/**
 * Opens the database, runs migrations, starts the job queue (and its workers when asked). `lock`
 * says who is opening a PGlite data dir, which this process then owns until closeContext.
 */
export async function createContext(config: Config, options: { workers?: boolean; queue?: boolean; lock?: AcquireOptions } = {}): Promise<AppContext> {
  installZodMessages(); // API 400s and import row errors speak the same sentences
  const log = createLogger(config);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, lock: options.lock, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS });
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const partial = { config, database, db: database.db, log };
  const secret = await loadSecret({ ctx: partial });
  const queue: JobQueue = options.queue === false ? nullQueue : await startQueue(database, log);
  const ctx: AppContext = { ...partial, secret, queue };
  if (options.workers) await registerWorkers(ctx);
  return ctx;
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.queue.stop();
  await ctx.database.close();
}

const nullQueue: JobQueue = {
  send: async () => {
    throw new Error('The job queue is not running in this process');
  },
  work: async () => {},
  schedule: async () => {},
  stop: async () => {},
};
