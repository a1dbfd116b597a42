import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import * as repo from './workspaces.repo.js';
import type { UpdateWorkspaceInput } from './workspaces.schema.js';

const DEFAULTS = { salesSeeAllDeals: false, defaultCurrency: 'EUR' };

function present(row: NonNullable<Awaited<ReturnType<typeof repo.findWorkspace>>>) {
  return { id: row.id, name: row.name, settings: { ...DEFAULTS, ...(row.settings as Partial<typeof DEFAULTS>) }, createdAt: row.created_at };
}

export async function getWorkspace(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'workspace:manage');
  const row = await repo.findWorkspace(options.ctx.db, options.actor.workspaceId);
  if (!row) throw AppError.notFound('Workspace');
  return present(row);
}

export async function updateWorkspace(options: { ctx: AppContext; actor: Actor; input: UpdateWorkspaceInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'workspace:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findWorkspace(trx, actor.workspaceId);
    if (!before) throw AppError.notFound('Workspace');
    const after = (await repo.updateWorkspace(trx, actor.workspaceId, input))!;
    await insertAudit(trx, actor, { entity: 'workspace', entityId: actor.workspaceId, action: 'update', before: present(before), after: present(after) });
    return present(after);
  });
}

/** The currency a new deal takes when none is given (setting `defaultCurrency`). */
export async function defaultCurrency(db: Executor, workspaceId: number): Promise<string> {
  const value = (await repo.workspaceSettings(db, workspaceId)).defaultCurrency;
  return typeof value === 'string' ? value : DEFAULTS.defaultCurrency;
}

/** Whether the sales role sees every deal of the workspace (setting `salesSeeAllDeals`). */
export async function salesSeeAllDeals(db: Executor, workspaceId: number): Promise<boolean> {
  return (await repo.workspaceSettings(db, workspaceId)).salesSeeAllDeals === true;
}
