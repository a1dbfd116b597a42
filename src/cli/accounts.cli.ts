import type { Command } from 'commander';
import { withRapport } from './with-rapport.js';

export function registerAccountCommands(program: Command): void {
  const users = program.command('users').description('Manage users');
  users
    .command('create')
    .description('Create a user; the first owner also creates the workspace')
    .requiredOption('--email <email>')
    .requiredOption('--password <password>')
    .option('--role <role>', 'owner, admin, sales, support, marketing or agency', 'owner')
    .option('--name <name>', 'display name')
    .option('--workspace <id>', 'workspace id', Number)
    .option('--workspace-name <name>', 'name of the workspace created on first run', 'My workspace')
    .action((opts) =>
      withRapport('users create', async (ops) => {
        const { email, password, role, name, workspace, workspaceName } = opts;
        console.log(await ops.createAccount({ email, password, role, name, workspace, workspaceName }));
      }),
    );

  program
    .command('apikeys')
    .description('Manage API keys')
    .command('create')
    .description('Create an API key and print it once')
    .requiredOption('--name <name>')
    .option('--role <role>', 'role the key acts with', 'admin')
    .option('--workspace <id>', 'workspace id', Number)
    .action((opts) =>
      withRapport('apikeys create', async (ops) => {
        console.log(await ops.createApiKey({ name: opts.name, role: opts.role, workspace: opts.workspace }));
      }),
    );

  program
    .command('workspaces')
    .description('Manage workspaces')
    .command('create')
    .description('Create another workspace, owned by an existing user')
    .requiredOption('--name <name>', 'name of the new workspace')
    .requiredOption('--owner <email>', 'email of the user who will own it')
    .action((opts) =>
      withRapport('workspaces create', async (ops) => {
        console.log(await ops.createWorkspace({ name: opts.name, owner: opts.owner }));
      }),
    );
}
