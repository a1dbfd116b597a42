import type { AppContext } from '../../context.js';
import { sha256 } from '../../lib/crypto.js';
import type { Actor } from '../auth/permissions.js';
import * as repo from './api-keys.repo.js';

/**
 * Bearer API keys on the request path. A key used by an integration arrives on every request,
 * and each lookup and write is a statement (on PGlite, one turn of the single connection), so:
 * - a valid key is remembered for CACHE_MS. Revoking it through this process forgets it at once;
 *   another process serving the same PostgreSQL database honours a revocation within CACHE_MS.
 * - `last_used_at` is written at most once per TOUCH_MS per key (it is shown to the minute).
 */
export const CACHE_MS = 5_000;
export const TOUCH_MS = 60_000;
const MAX_CACHED = 1_000;

interface Known {
  actor: Actor;
  until: number;
}
interface KeyState {
  byHash: Map<string, Known>;
  touched: Map<number, number>;
  /** Keys revoked through this process: a lookup that raced the revocation must not cache them. */
  revoked: Set<number>;
}
const states = new WeakMap<AppContext['db'], KeyState>();
function stateOf(ctx: AppContext): KeyState {
  let s = states.get(ctx.db);
  if (!s) states.set(ctx.db, (s = { byHash: new Map(), touched: new Map(), revoked: new Set() }));
  return s;
}

export async function resolveApiKeyActor(options: { ctx: AppContext; bearer: string; now?: number }): Promise<Actor | null> {
  const { ctx } = options;
  const now = options.now ?? Date.now();
  const state = stateOf(ctx);
  const hash = sha256(options.bearer);
  const known = state.byHash.get(hash);
  if (known && known.until > now) return known.actor;
  state.byHash.delete(hash);
  const key = await repo.findApiKeyByHash(ctx.db, hash);
  if (!key || key.revokedAt || state.revoked.has(key.id)) return null; // unknown tokens are never cached: no memory for guesses
  const actor: Actor = { workspaceId: key.workspaceId, role: key.role, userId: null, apiKeyId: key.id, label: `api_key:${key.name}` };
  if (state.byHash.size >= MAX_CACHED) state.byHash.delete(state.byHash.keys().next().value!);
  state.byHash.set(hash, { actor, until: now + CACHE_MS });
  if ((state.touched.get(key.id) ?? -Infinity) + TOUCH_MS <= now) {
    state.touched.set(key.id, now);
    await repo.touchApiKey(ctx.db, key.id);
  }
  return actor;
}

/** Called when a key is revoked: this process stops accepting it immediately. */
export function forgetApiKey(ctx: AppContext, keyId: number): void {
  const state = stateOf(ctx);
  state.revoked.add(keyId);
  for (const [hash, known] of state.byHash) if (known.actor.apiKeyId === keyId) state.byHash.delete(hash);
  state.touched.delete(keyId);
}
