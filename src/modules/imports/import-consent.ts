import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { jsonb, type Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { findList, lockList } from '../lists/lists.repo.js';
import { lawfulBases } from '../lists/lists.schema.js';
import { applyMembership } from '../lists/membership.js';

/**
 * An import may subscribe its rows to a list only with the consent declared for them: the lawful
 * basis and how it was obtained (proof), recorded on every ledger row it writes. On a double
 * opt-in list the rows become pending and are sent confirmations, which the confirmation worker
 * throttles per workspace (CONFIRMATIONS_PER_WORKSPACE_PER_MINUTE) and caps per address.
 */
export const importSubscribeSchema = z.object({
  listId: z.number().int().positive(),
  lawfulBasis: z.enum(lawfulBases),
  proof: z.string().trim().min(3, 'say how and where consent was obtained for these people').max(2000),
  textShown: z.string().max(10_000).optional().describe('The consent text they agreed to, if any'),
}).describe('Subscribe the imported contacts to a list, with the consent declared for them');
export type ImportSubscribe = z.infer<typeof importSubscribeSchema>;

/** Checks the list and stores the declaration with the import (before it is queued). */
export async function storeImportSubscribe(ctx: AppContext, actor: Actor, importId: number, input: ImportSubscribe | undefined): Promise<void> {
  if (!input) return;
  requirePermission(actor, 'lists:write');
  const list = await findList(ctx.db, actor.workspaceId, input.listId);
  if (!list) throw AppError.invalid({ path: 'subscribe.listId', message: `list ${input.listId} does not exist in this workspace` });
  if (list.opt_in_mode === 'double' && !ctx.config.SMTP_URL) {
    throw AppError.invalid({ path: 'subscribe.listId', message: 'this list is double opt-in, which sends confirmation emails: set SMTP_URL first' });
  }
  await ctx.db.updateTable('imports').set({ subscribe: jsonb(input) }).where('workspace_id', '=', actor.workspaceId).where('id', '=', importId).execute();
}

export interface ImportConsentHook {
  ctx: AppContext;
  subscribe: ImportSubscribe;
}

/** For the job: the declaration stored with the import, if any. */
export async function loadImportConsent(ctx: AppContext, importId: number): Promise<ImportConsentHook | undefined> {
  const row = await ctx.db.selectFrom('imports').select('subscribe').where('id', '=', importId).executeTakeFirst();
  const parsed = importSubscribeSchema.safeParse(row?.subscribe);
  return parsed.success ? { ctx, subscribe: parsed.data } : undefined;
}

/** Subscribes the contacts a batch saved, in the batch's transaction (so a dry run rolls it back). */
export async function subscribeImported(trx: Executor, hook: ImportConsentHook, actor: Actor, importId: number, contactIds: number[]): Promise<void> {
  const ids = [...new Set(contactIds)];
  if (ids.length === 0) return;
  const list = await lockList(trx, actor.workspaceId, hook.subscribe.listId);
  if (!list) throw AppError.invalid({ path: 'subscribe.listId', message: 'the list was deleted during the import' });
  const s = hook.subscribe;
  await applyMembership(trx, {
    ctx: hook.ctx, list, contactIds: ids, target: 'subscribed', actor,
    evidence: { source: 'import', lawfulBasis: s.lawfulBasis, proof: `${s.proof} (import #${importId})`, textShown: s.textShown ?? null },
  });
}
