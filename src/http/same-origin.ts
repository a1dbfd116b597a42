import type { FastifyRequest } from 'fastify';
import { baseUrlOf } from './types.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Refuse cross-site browsers on this route even without a session (the routes that set the
     * session cookie: setup, login, logout, invite acceptance — against login CSRF).
     */
    sameOrigin?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/**
 * The origin the web app is served from: PUBLIC_URL when set, else the Host the request came to
 * (X-Forwarded-Host/-Proto only when TRUST_PROXY says the proxy is ours — Fastify's request.host).
 */
export function appOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  return new URL(baseUrlOf(request, publicUrl)).origin;
}

function originOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value).origin; // "null" and garbage become the opaque "null", which never matches
  } catch {
    return 'null';
  }
}

/**
 * Why this request was sent by a browser on behalf of another site, or null when it was not.
 * Browsers mark every cross-origin POST/PUT/PATCH/DELETE with `Origin` (and modern ones with
 * `Sec-Fetch-Site`), and scripts cannot forge either. A request with neither comes from a
 * non-browser client (curl, a server), which a forged cross-site request never is.
 */
export function crossSiteReason(request: FastifyRequest, publicUrl: string | undefined): string | null {
  const site = request.headers['sec-fetch-site'];
  if (site === 'same-origin') return null;
  const expected = appOrigin(request, publicUrl);
  const origin = originOf(request.headers.origin) ?? originOf(request.headers.referer);
  if (origin !== undefined) return origin === expected ? null : `the request came from ${origin}, not from ${expected}`;
  if (site !== undefined && site !== 'none') return `the browser marked the request ${site}`;
  return null;
}
