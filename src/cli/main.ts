import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.js';
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

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
