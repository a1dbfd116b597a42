import type { AppContext } from '../../context.js';
import type { TrackingKeysTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { AppError } from '../../lib/app-error.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import { insertAudit } from '../audit/audit.repo.js';
import { publicBase } from '../audience/public-url.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import * as repo from './tracking-keys.repo.js';
import type { CreateTrackingKeyInput, UpdateTrackingKeyInput } from './tracking-keys.schema.js';
import { writeKeyOf } from './write-key.js';

type KeyRow = Selectable<TrackingKeysTable>;

function present(ctx: AppContext, k: KeyRow) {
  const writeKey = writeKeyOf(ctx.secret, k.id);
  return {
    id: k.id, name: k.name, writeKey, allowedOrigins: k.allowed_origins, honorPrivacySignals: k.honor_privacy_signals, requireConsent: k.require_consent,
    snippet: `<script async src="${publicBase(ctx.config)}/t.js?k=${writeKey}"></script>`, createdAt: k.created_at,
  };
}

export async function listTrackingKeys(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'tracking:manage');
  return { data: (await repo.listTrackingKeys(options.ctx.db, options.actor.workspaceId)).map((k) => present(options.ctx, k)) };
}

export async function createTrackingKey(options: { ctx: AppContext; actor: Actor; input: CreateTrackingKeyInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'tracking:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const key = await repo.insertTrackingKey(trx, {
      workspace_id: actor.workspaceId, name: input.name, allowed_origins: [...new Set(input.allowedOrigins)], honor_privacy_signals: input.honorPrivacySignals, require_consent: input.requireConsent,
    });
    await insertAudit(trx, actor, { entity: 'tracking_key', entityId: key.id, action: 'create', after: input });
    return present(ctx, key);
  });
}

export async function updateTrackingKey(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateTrackingKeyInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'tracking:manage');
  const key = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.updateTrackingKey(trx, actor.workspaceId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.allowedOrigins !== undefined ? { allowed_origins: [...new Set(input.allowedOrigins)] } : {}),
      ...(input.honorPrivacySignals !== undefined ? { honor_privacy_signals: input.honorPrivacySignals } : {}),
      ...(input.requireConsent !== undefined ? { require_consent: input.requireConsent } : {}),
    });
    if (!row) throw AppError.notFound('Tracking key');
    await insertAudit(trx, actor, { entity: 'tracking_key', entityId: id, action: 'update', after: input });
    return row;
  });
  forgetKey(id);
  return present(ctx, key);
}

export async function revokeTrackingKey(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'tracking:manage');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.revokeTrackingKey(trx, actor.workspaceId, id);
    if (!row) throw AppError.notFound('Tracking key');
    await insertAudit(trx, actor, { entity: 'tracking_key', entityId: id, action: 'revoke', before: { name: row.name } });
  });
  forgetKey(id);
}

// The collect endpoint reads a key per request: cached for a short while per process, so a
// change made through another process is seen within KEY_TTL_MS.
const KEY_TTL_MS = 30_000;
const keyCache = new TtlCache<number, KeyRow | null>(KEY_TTL_MS);
const forgetKey = (id: number) => keyCache.delete(id);

/** The live tracking key with this id, or null (revoked or unknown). */
export function loadTrackingKey(ctx: AppContext, id: number): Promise<KeyRow | null> {
  return keyCache.get(id, async () => (await repo.findTrackingKey(ctx.db, id)) ?? null);
}
