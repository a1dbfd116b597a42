import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppContext } from '../context.js';
import { AppError } from '../lib/app-error.js';
import { createApiKey } from '../modules/api-keys/api-keys.service.js';
import { findUserByEmail } from '../modules/auth/auth.repo.js';
import { setupWorkspace } from '../modules/auth/auth.service.js';
import type { Actor } from '../modules/auth/permissions.js';
import { exportContactsQuery } from '../modules/exports/exports.schema.js';
import { exportContactsCsv } from '../modules/exports/exports.service.js';
import { getImport, importErrorsCsv, presentImport, startImport } from '../modules/imports/imports.service.js';
import { runImport, type ImportProgress } from '../modules/imports/run-import.js';
import { uploadImport } from '../modules/imports/upload-import.js';
import { createUser } from '../modules/users/users.service.js';
import { createWorkspace } from '../modules/workspaces/memberships.service.js';
import { findWorkspaces } from '../modules/workspaces/workspaces.repo.js';
import * as input from './control.schema.js';

export type { ImportProgress };

export interface UploadedImport {
  id: number;
  headers: string[];
  suggestedMapping: Record<string, string>;
  byteSize: number;
}

export interface ImportOutcome {
  id: number;
  dryRun: boolean;
  created: number;
  updated: number;
  failed: number;
  totalRows: number;
}

/**
 * What the CLI's database commands do, written once: `localOps` runs them on a database this
 * process owns; the control server runs the same `localOps` for a CLI on the other end of its
 * socket, and `remoteOps` (control-client.ts) is that CLI's side.
 */
export interface RapportOps {
  createAccount(input: input.CreateAccountInput): Promise<string>;
  createApiKey(input: input.CreateApiKeyInput): Promise<string>;
  uploadContacts(input: { workspace?: number; filename: string; file: Readable }): Promise<UploadedImport>;
  /** `signal`: the caller stopped watching; a queued import carries on without it. */
  runContactsImport(input: input.RunImportInput, onProgress: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportOutcome>;
  importErrors(input: input.ImportIdInput): Promise<Readable>;
  exportContacts(input: input.WorkspaceInput): Promise<Readable>;
  createWorkspace(input: input.CreateWorkspaceInput): Promise<string>;
}

/** The CLI acts as the workspace's owner, as someone with shell access to the server can. */
export async function cliActor(ctx: AppContext, workspaceId?: number): Promise<Actor> {
  const all = await findWorkspaces(ctx.db);
  const ws = workspaceId ? all.find((w) => w.id === workspaceId) : all.length === 1 ? all[0] : undefined;
  if (ws) return { workspaceId: ws.id, role: 'owner', userId: null, apiKeyId: null, label: 'cli' };
  if (!all.length) throw AppError.conflict('No workspace yet: run `rapport users create --role owner …` first');
  throw AppError.invalid({ path: 'workspace', message: `name it with --workspace (one of: ${all.map((w) => `${w.id} "${w.name}"`).join(', ')})` });
}

const POLL_MS = 300;

/**
 * `queueImports`: a server hands imports to its job workers (which resume them after a crash) and
 * reports their progress from the import's row; a CLI owning the database runs them itself.
 */
export function localOps(ctx: AppContext, options: { queueImports: boolean }): RapportOps {
  return {
    async createAccount(raw) {
      const a = input.createAccountInput.parse(raw);
      const name = a.name ?? a.email.split('@')[0];
      if ((await findWorkspaces(ctx.db)).length === 0) {
        if (a.role !== 'owner') throw AppError.invalid({ path: 'role', message: 'the first user must be an owner' });
        const { user, workspace } = await setupWorkspace({ ctx, input: { workspaceName: a.workspaceName, name, email: a.email, password: a.password } });
        return `Created workspace ${workspace.id} "${workspace.name}" and owner ${user.email} (id ${user.id}).`;
      }
      const user = await createUser({ ctx, actor: await cliActor(ctx, a.workspace), email: a.email, name, role: a.role, password: a.password });
      return `Created ${user.role} ${user.email} (id ${user.id}).`;
    },

    async createApiKey(raw) {
      const k = input.createApiKeyInput.parse(raw);
      const { token, apiKey } = await createApiKey({ ctx, actor: await cliActor(ctx, k.workspace), name: k.name, role: k.role });
      return `API key "${apiKey.name}" (${apiKey.role}). Shown once; keep it safe:\n${token}`;
    },

    async uploadContacts({ file, ...raw }) {
      const u = input.uploadInput.parse(raw);
      const actor = await cliActor(ctx, u.workspace);
      const id = await uploadImport({ ctx, actor, filename: u.filename, file });
      const { headers, suggestedMapping, byteSize } = await getImport({ ctx, actor, id });
      return { id, headers, suggestedMapping, byteSize: byteSize ?? 0 };
    },

    async runContactsImport(raw, onProgress, signal) {
      const { id, workspace, ...start } = input.runImportInput.parse(raw);
      const actor = await cliActor(ctx, workspace);
      await startImport({ ctx, actor, id, input: start, inline: !options.queueImports });
      if (!options.queueImports) return outcome(presentImport(await runImport({ ctx, importId: id, onBatch: onProgress })));
      for (;;) {
        const now = await getImport({ ctx, actor, id });
        const byteSize = now.byteSize ?? 0;
        onProgress({ processed: now.processed, created: now.created, updated: now.updated, failed: now.failed, skipped: now.skipped, warned: now.warned, byteSize, bytes: Math.round(now.progress * byteSize) });
        if (now.status === 'completed') return outcome(now);
        if (now.status === 'failed') throw new Error(`Import ${id} failed: ${now.errorMessage}`);
        signal?.throwIfAborted();
        await sleep(POLL_MS);
      }
    },

    async importErrors(raw) {
      const { id, workspace } = input.importIdInput.parse(raw);
      return (await importErrorsCsv({ ctx, actor: await cliActor(ctx, workspace), id })).stream;
    },

    createWorkspace: (raw) => createWorkspaceAs(ctx, raw),

    async exportContacts(raw) {
      const { workspace } = input.workspaceInput.parse(raw);
      return (await exportContactsCsv({ ctx, actor: await cliActor(ctx, workspace), query: exportContactsQuery.parse({}) })).stream;
    },
  };
}

/** The CLI acts as an owner of the new owner's home workspace, the member check then holds by construction. */
async function createWorkspaceAs(ctx: AppContext, raw: input.CreateWorkspaceInput): Promise<string> {
  const w = input.createWorkspaceInput.parse(raw);
  const user = await findUserByEmail(ctx.db, w.owner);
  if (!user) throw AppError.invalid({ path: 'owner', message: `no user has the email ${w.owner}` });
  const actor: Actor = { workspaceId: user.workspace_id, role: 'owner', userId: null, apiKeyId: null, label: 'cli' };
  const workspace = await createWorkspace({ ctx, actor, name: w.name, ownerId: user.id });
  return `Created workspace ${workspace.id} "${workspace.name}", owned by ${user.email}.`;
}

function outcome(i: ReturnType<typeof presentImport>): ImportOutcome {
  return { id: i.id, dryRun: i.dryRun, created: i.created, updated: i.updated, failed: i.failed, totalRows: i.totalRows ?? 0 };
}
