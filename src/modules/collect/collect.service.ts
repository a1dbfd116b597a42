import type { AppContext } from '../../context.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { checkEvents } from '../events/event-check.js';
import { EVENT_LIMITS, type RejectedEvent } from '../events/events.schema.js';
import type { CollectWriter } from './collect-writer.js';
import { loadTrackingKey } from './tracking-keys.service.js';
import { verifyWriteKey } from './write-key.js';

export interface CollectRequest {
  writeKey: unknown;
  origin: string | undefined;
  /** The browser sent Sec-GPC: 1 or DNT: 1. */
  privacySignal: boolean;
  events: unknown[];
}

/** The live tracking key a genuine write key names, or null. */
export async function loadCollectKey(ctx: AppContext, writeKey: unknown) {
  const id = verifyWriteKey(ctx.secret, writeKey);
  return id === null ? null : loadTrackingKey(ctx, id);
}

/** The key's live row when the write key is genuine and the page's origin is allowed. */
export async function checkCollectKey(ctx: AppContext, writeKey: unknown, origin: string | undefined) {
  const key = await loadCollectKey(ctx, writeKey);
  if (!key) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Unknown or revoked write key');
  if (!key.allowed_origins.includes('*') && !(origin && key.allowed_origins.includes(origin))) {
    throw new AppError(ErrorCode.FORBIDDEN, `Origin ${origin ?? '(none)'} is not allowed for this write key`, { origin: origin ?? null });
  }
  return key;
}

/**
 * The snippet's batch: key and origin checked, each event checked on its own, the good ones
 * written (committed before this resolves, so the browser's 202 means stored). Every event is the browser's (`source` web, whatever it claims), and its
 * identify never merges two contacts (ingestEvents with trusted = false).
 */
export async function collectEvents(ctx: AppContext, writer: CollectWriter, r: CollectRequest): Promise<{ accepted: number; rejected: RejectedEvent[]; ignored: boolean }> {
  if (r.events.length > EVENT_LIMITS.collectBatch) {
    throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `A request holds at most ${EVENT_LIMITS.collectBatch} events`, { limit: EVENT_LIMITS.collectBatch });
  }
  const key = await checkCollectKey(ctx, r.writeKey, r.origin);
  if (key.honor_privacy_signals && r.privacySignal) return { accepted: 0, rejected: [], ignored: true };
  if (writer.full) throw new AppError(ErrorCode.RATE_LIMITED, 'Busy; try again shortly', { retryAfter: 5 });
  const forced = r.events.map((e) => (e && typeof e === 'object' && !Array.isArray(e) ? { ...e, source: 'web' } : e));
  const { events, rejected } = checkEvents(forced, { now: new Date(), defaultSource: 'web' });
  await writer.add(key.workspace_id, events);
  return { accepted: events.length, rejected, ignored: false };
}
