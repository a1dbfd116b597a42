import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ErrorCode } from '../lib/app-error.js';
import type { Actor } from '../modules/auth/permissions.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session or API key. */
    public?: boolean;
    /** The route keeps its own durable Idempotency-Key record, so the generic one stays out of its way. */
    ownIdempotency?: boolean;
    /**
     * The body is someone else's text that must be kept (inbound mail): the input guard does not
     * refuse it for a NUL; the route strips what cannot be stored instead.
     */
    keepsUnstorableBody?: boolean;
    /** Set by app.ts on /api/v1/ routes: helmet's headers as constants (constantSecurityHeaders). */
    constantHeaders?: boolean;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Log in or send an API key as "Authorization: Bearer <key>"');
  return request.actor;
}

/** Where links in emails and invites point: PUBLIC_URL, else the host the request came to. */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

export const idParam = z.object({ id: z.coerce.number().int().positive().describe('Record id') });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500)'),
  cursor: z.string().max(2000).optional().describe('`nextCursor` from the previous page'),
};

export const listOf = (item: z.ZodTypeAny) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
