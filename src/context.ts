import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import type { DB } from './db/schema.js';
import type { JobQueue } from './jobs/queue.js';

/** What every service needs, built once at start-up and passed down explicitly. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  queue: JobQueue;
  log: Logger;
  /** HMAC key for signed links; from SECRET_KEY or generated once and kept in the database. */
  secret: string;
}
