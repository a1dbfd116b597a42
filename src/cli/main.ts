import { Command } from 'commander';
import { ZodError } from 'zod';
import { ConfigError, loadConfig } from '../config/config.js';
import { invalidInput } from '../control/control.schema.js';
import { DataDirBusyError } from '../control/data-dir-lock.js';
import { registerAccountCommands } from './accounts.cli.js';
import { registerDataCommands } from './data.cli.js';
import { registerSegmentCommands } from './segments.cli.js';
import { registerServeCommands } from './serve.cli.js';

const program = new Command('rapport').description('Rapport: CRM, email service, help desk and eCRM in one program').showHelpAfterError();

export function config() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

registerServeCommands(program);
registerAccountCommands(program);
registerDataCommands(program);
registerSegmentCommands(program);

function describeError(err: unknown): string {
  if (err instanceof ZodError) return invalidInput(err).message;
  if (err instanceof DataDirBusyError) {
    // Only one process may open a PGlite data dir; this command cannot go through the owner.
    const how = err.owner.role === 'server' ? `stop that server (Ctrl-C in its terminal, or kill ${err.owner.pid})` : `wait for pid ${err.owner.pid} to finish`;
    return `${err.message}.\nThis command cannot run through it: ${how}, then run the command again.`;
  }
  return err instanceof Error ? err.message : String(err);
}

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(describeError(err));
  process.exit(1);
});
