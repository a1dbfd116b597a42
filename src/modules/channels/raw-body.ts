import type { FastifyRequest } from 'fastify';
import type { App } from '../../http/types.js';
import { AppError } from '../../lib/app-error.js';
import { findUnstorableText } from '../../lib/storable-text.js';

/** A webhook body is at most this large: an order of 500 lines is well under it. */
export const HOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Signatures are over the exact bytes sent, so in a webhook's scope JSON is kept raw (a Buffer)
 * and parsed only once the signature holds (`jsonOf`).
 */
export function keepRawJson(scope: App): void {
  scope.addContentTypeParser(['application/json', 'text/plain', 'application/x-www-form-urlencoded'], { parseAs: 'buffer', bodyLimit: HOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
}

export function rawBodyOf(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body)) throw AppError.invalid({ path: 'body', message: 'send the payload as application/json' });
  return request.body;
}

/** The signed body as JSON: a 400 (never a 500) for broken JSON or text the database cannot store. */
export function jsonOf(raw: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw AppError.invalid({ path: 'body', message: 'is not valid JSON' });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw AppError.invalid({ path: 'body', message: 'must be a JSON object' });
  const unstorable = findUnstorableText(parsed);
  if (unstorable) throw AppError.invalid({ path: unstorable.path || 'body', message: unstorable.message });
  return parsed as Record<string, unknown>;
}

/** The one header value of a name (a repeated header is refused: which copy was signed?). */
export function headerOf(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
}
