import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError, ErrorCode } from '../lib/app-error.js';
import { findKey, releaseKey, reserveKey, saveAnswer, takeOverStaleKey, type KeyRef } from '../modules/idempotency/idempotency.repo.js';
import type { App } from './types.js';

/** Answers larger than this are not kept: the key is released and a retry runs the request again. */
const MAX_KEPT_BYTES = 256 * 1024;
/** An unanswered reservation older than this belongs to a request whose process died. */
const STALE_SECONDS = 120;
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { ref: KeyRef; settled: boolean } | null;
  }
}

const fingerprintOf = (request: FastifyRequest) =>
  createHash('sha256').update(`${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.params ?? {})}\n${JSON.stringify(request.body ?? null)}`).digest('hex');

/**
 * `Idempotency-Key` on POSTs to the API (IETF draft-ietf-httpapi-idempotency-key-header): the
 * first request with a key runs and its answer is kept for a day; a repeat with the same key and
 * the same request gets that answer again (`Idempotent-Replayed: true`) and changes nothing. The
 * same key with another request is refused (422); a repeat while the first still runs gets 409.
 * Server errors and rate limits are not kept, so the client's retry runs the request again.
 * A route that keeps its own record (transactional email: the key lives with the message, for
 * good) opts out with `config.ownIdempotency`. The one gap left: a process killed after the request committed and before its answer was kept
 * lets a retry (after STALE_SECONDS) run it again.
 */
export function installIdempotency(app: App, ctx: AppContext): void {
  app.decorateRequest('idempotency', null);

  const reserve = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers['idempotency-key'];
    if (header === undefined || request.method !== 'POST' || !request.actor) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_SHAPE.test(key)) throw AppError.invalid({ path: 'Idempotency-Key', in: 'headers', message: 'must be 1 to 255 visible ASCII characters (a UUID is a good key)' });
    const { actor } = request;
    const ref: KeyRef = { workspaceId: actor.workspaceId, caller: actor.apiKeyId !== null ? `key:${actor.apiKeyId}` : `user:${actor.userId}`, key };
    const fingerprint = fingerprintOf(request);
    if (await reserveKey(ctx.db, ref, fingerprint)) {
      request.idempotency = { ref, settled: false };
      return;
    }
    const stored = await findKey(ctx.db, ref);
    if (!stored) throw AppError.conflict('This Idempotency-Key was released a moment ago; send the request again');
    if (stored.fingerprint !== fingerprint) {
      throw new AppError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for a different request; use a new key for a new request');
    }
    if (stored.status === null) {
      if (await takeOverStaleKey(ctx.db, ref, fingerprint, STALE_SECONDS)) {
        request.idempotency = { ref, settled: false };
        return;
      }
      throw new AppError(ErrorCode.IDEMPOTENCY_IN_PROGRESS, 'A request with this Idempotency-Key is still running; try again in a moment');
    }
    reply.header('idempotent-replayed', 'true').code(stored.status);
    if (stored.content_type) reply.type(stored.content_type);
    return reply.send(stored.body);
  };

  const keep = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const pending = request.idempotency;
    if (!pending || pending.settled) return payload;
    pending.settled = true;
    const status = reply.statusCode;
    const keep = status < 500 && status !== 429 && status !== 409 && typeof payload === 'string' && Buffer.byteLength(payload) <= MAX_KEPT_BYTES;
    if (keep) await saveAnswer(ctx.db, pending.ref, { status, contentType: String(reply.getHeader('content-type') ?? '') || null, body: payload });
    else await releaseKey(ctx.db, pending.ref);
    return payload;
  };

  // A request that ended without an answer (the client went away, a hook threw before onSend) frees its key.
  const settle = async (request: FastifyRequest) => {
    const pending = request.idempotency;
    if (!pending || pending.settled) return;
    pending.settled = true;
    await releaseKey(ctx.db, pending.ref).catch((err) => request.log.warn({ err }, 'idempotency: could not release a key'));
  };
  // Only the API's POST routes carry the hooks, so a GET runs none of them. They go first among
  // each route's own hooks, where the app-wide hooks they were ran: before any other preHandler,
  // and on the payload before a scope's onSend hooks (those only set headers).
  const first = <H>(hook: H, existing: H | H[] | undefined) => [hook, ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing])];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST') || !route.url.startsWith('/api/v1/') || (route.config as { ownIdempotency?: boolean } | undefined)?.ownIdempotency) return;
    route.preHandler = first(reserve, route.preHandler) as RouteOptions['preHandler'];
    route.onSend = first(keep, route.onSend) as RouteOptions['onSend'];
    route.onResponse = first(settle, route.onResponse) as RouteOptions['onResponse'];
    route.onRequestAbort = first(settle, route.onRequestAbort) as RouteOptions['onRequestAbort'];
  });
}
