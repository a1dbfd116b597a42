import type { Command } from 'commander';
import { closeContext, createContext } from '../boot.js';
import { buildApp } from '../http/app.js';
import { config } from './main.js';

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('Start the API, the web app and the background workers')
    .action(async () => {
      const cfg = config();
      const ctx = await createContext(cfg, { workers: cfg.RUN_WORKERS });
      const app = await buildApp(ctx, { serveWeb: true });
      await app.listen({ port: cfg.PORT, host: cfg.HOST });
      ctx.log.info(`Rapport on http://localhost:${cfg.PORT} (${ctx.database.kind}${ctx.database.kind === 'pglite' ? ` in ${cfg.DATA_DIR}` : ''})`);
      const stop = async () => {
        await app.close();
        await closeContext(ctx);
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      const ctx = await createContext(config(), { queue: false });
      console.log('Database is up to date.');
      await closeContext(ctx);
    });
}
