import type { Command } from 'commander';
import { closeContext, createContext, createLogger } from '../boot.js';
import { startControlServer, type ControlServer } from '../control/control-server.js';
import { describeOwner } from '../control/data-dir-lock.js';
import { buildApp } from '../http/app.js';
import { startInboundServer } from '../mail/inbound-server.js';
import { config } from './main.js';
import { withRapport } from './with-rapport.js';

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('Start the API, the web app and the background workers')
    .action(async () => {
      const cfg = config();
      const log = createLogger(cfg);
      // A CLI command holding the data dir ends on its own: wait for it. Another server: refuse.
      const onWait = (owner: Parameters<typeof describeOwner>[0]) => log.warn(`The data dir ${cfg.DATA_DIR} is in use by ${describeOwner(owner)}; starting when it has finished`);
      const ctx = await createContext(cfg, { workers: cfg.RUN_WORKERS, lock: { role: 'server', command: 'serve', onWait } });
      const previous = ctx.database.lock?.previous;
      if (previous) log.warn(`Took over the data dir from ${describeOwner(previous)}, which stopped without closing it; PGlite recovered it`);
      let control: ControlServer | undefined;
      try {
        // CLI commands reach this process's database through its control socket.
        if (ctx.database.lock) control = await startControlServer({ ctx, lock: ctx.database.lock, queueImports: cfg.RUN_WORKERS });
      } catch (err) {
        await closeContext(ctx);
        throw err;
      }
      const app = await buildApp(ctx, { serveWeb: true });
      await app.listen({ port: cfg.PORT, host: cfg.HOST });
      const inbound = cfg.INBOUND_SMTP_PORT ? await startInboundServer(ctx) : undefined;
      ctx.log.info(`Rapport on http://localhost:${cfg.PORT} (${ctx.database.kind}${ctx.database.kind === 'pglite' ? ` in ${cfg.DATA_DIR}` : ''})`);
      const stop = async () => {
        await control?.close();
        await inbound?.close();
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
    .action(() =>
      withRapport('migrate', async (_ops, server) => {
        // Opening the database migrates it; a server did so when it started.
        console.log(server ? `Database is up to date (migrated by the server, pid ${server.pid}, when it started).` : 'Database is up to date.');
      }),
    );
}
