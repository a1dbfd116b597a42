import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { SESSION_COOKIE } from './auth.service.js';

/**
 * Whether the browser reached us over https: PUBLIC_URL says so, or the connection (or, only with
 * TRUST_PROXY, the proxy's X-Forwarded-Proto) was https. Fastify's request.protocol honours that.
 */
export function isHttps(ctx: AppContext, request: FastifyRequest): boolean {
  return ctx.config.PUBLIC_URL ? ctx.config.PUBLIC_URL.startsWith('https://') : request.protocol === 'https';
}

/** Sets the session cookie the same way for setup, login and invite acceptance. */
export function setSessionCookie(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, token: string): FastifyReply {
  return reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(ctx, request),
    maxAge: ctx.config.SESSION_DAYS * 86_400,
  });
}
