import type { AppContext } from '../../context.js';
import type { Role } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { newToken, sha256 } from '../../lib/crypto.js';
import { insertAudit } from '../audit/audit.repo.js';
import { API_KEY_PREFIX } from '../auth/auth.service.js';
import { requireCanGrant, requirePermission, type Actor } from '../auth/permissions.js';
import { forgetApiKey } from './api-key-auth.js';
import * as repo from './api-keys.repo.js';

type KeyRow = Awaited<ReturnType<typeof repo.listApiKeys>>[number];
const present = (k: KeyRow) => ({ id: k.id, name: k.name, role: k.role, prefix: k.prefix, createdAt: k.created_at, lastUsedAt: k.last_used_at });

/** Returns the token once; only its hash is kept. */
export async function createApiKey(options: { ctx: AppContext; actor: Actor; name: string; role: Role }) {
  const { ctx, actor, name, role } = options;
  requirePermission(actor, 'api_keys:manage');
  requireCanGrant(actor, role);
  const token = newToken(API_KEY_PREFIX);
  return ctx.db.transaction().execute(async (trx) => {
    const key = await repo.insertApiKey(trx, { workspaceId: actor.workspaceId, name, role, prefix: token.slice(0, 8), tokenHash: sha256(token), createdBy: actor.userId });
    await insertAudit(trx, actor, { entity: 'api_key', entityId: key.id, action: 'create', after: { name, role } });
    return { apiKey: present(key), token };
  });
}

export async function listApiKeys(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'api_keys:manage');
  return { data: (await repo.listApiKeys(options.ctx.db, options.actor.workspaceId)).map(present) };
}

export async function revokeApiKey(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'api_keys:manage');
  await ctx.db.transaction().execute(async (trx) => {
    const key = await repo.revokeApiKey(trx, actor.workspaceId, id);
    if (!key) throw AppError.notFound('API key');
    await insertAudit(trx, actor, { entity: 'api_key', entityId: id, action: 'revoke', before: { name: key.name } });
  });
  forgetApiKey(ctx, id);
}
