import type { Command } from 'commander';
import { closeContext, createContext } from '../boot.js';
import type { AppContext } from '../context.js';
import { createApiKey } from '../modules/api-keys/api-keys.service.js';
import { roleSchema } from '../modules/auth/auth.schema.js';
import type { Actor } from '../modules/auth/permissions.js';
import { setupWorkspace } from '../modules/auth/auth.service.js';
import { createUser } from '../modules/users/users.service.js';
import { findWorkspaces } from '../modules/workspaces/workspaces.repo.js';
import { config } from './main.js';

/** The CLI acts as the workspace's owner, like someone with shell access to the server can. */
export async function cliActor(ctx: AppContext, workspaceId?: number): Promise<Actor> {
  const all = await findWorkspaces(ctx.db);
  const ws = workspaceId ? all.find((w) => w.id === workspaceId) : all.length === 1 ? all[0] : undefined;
  if (!ws) throw new Error(all.length ? `Name the workspace with --workspace (one of: ${all.map((w) => `${w.id} "${w.name}"`).join(', ')})` : 'No workspace yet: run `rapport users create --role owner …` first');
  return { workspaceId: ws.id, role: 'owner', userId: null, apiKeyId: null, label: 'cli' };
}

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
    .action(async (opts) => {
      const role = roleSchema.parse(opts.role);
      const ctx = await createContext(config(), { queue: false });
      try {
        const name = opts.name ?? opts.email.split('@')[0];
        if ((await findWorkspaces(ctx.db)).length === 0) {
          if (role !== 'owner') throw new Error('The first user must be an owner');
          const { user, workspace } = await setupWorkspace({ ctx, input: { workspaceName: opts.workspaceName, name, email: opts.email.toLowerCase(), password: opts.password } });
          console.log(`Created workspace ${workspace.id} "${workspace.name}" and owner ${user.email} (id ${user.id}).`);
        } else {
          const user = await createUser({ ctx, actor: await cliActor(ctx, opts.workspace), email: opts.email.toLowerCase(), name, role, password: opts.password });
          console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
        }
      } finally {
        await closeContext(ctx);
      }
    });

  program
    .command('apikeys')
    .description('Manage API keys')
    .command('create')
    .description('Create an API key and print it once')
    .requiredOption('--name <name>')
    .option('--role <role>', 'role the key acts with', 'admin')
    .option('--workspace <id>', 'workspace id', Number)
    .action(async (opts) => {
      const ctx = await createContext(config(), { queue: false });
      try {
        const { token, apiKey } = await createApiKey({ ctx, actor: await cliActor(ctx, opts.workspace), name: opts.name, role: roleSchema.parse(opts.role) });
        console.log(`API key "${apiKey.name}" (${apiKey.role}). Shown once; keep it safe:\n${token}`);
      } finally {
        await closeContext(ctx);
      }
    });
}
