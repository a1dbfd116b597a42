import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyHelmetOptions, FastifyHelmetRouteOptions } from '@fastify/helmet';
import type { Config } from '../config/config.js';

type Directives = Record<string, Iterable<string | ((req: IncomingMessage, res: ServerResponse) => string)> | null>;

const STYLE_NONCE = Symbol('styleNonce');
type WithNonce = ServerResponse & { [STYLE_NONCE]?: string };

// Nonces are cut from a block of random bytes: one randomBytes call per response was 3 % of an
// API request's CPU. Each 16 bytes is used once.
const NONCE_BYTES = 16;
let pool = Buffer.alloc(0);
let taken = 0;
function freshNonce(): string {
  if (taken + NONCE_BYTES > pool.length) {
    pool = randomBytes(NONCE_BYTES * 256);
    taken = 0;
  }
  taken += NONCE_BYTES;
  return pool.toString('base64', taken - NONCE_BYTES, taken);
}

/** The style nonce of this response (made when helmet writes the CSP header): `styleNonceOf(reply.raw)`. */
export function styleNonceOf(response: ServerResponse): string {
  const res = response as WithNonce;
  return (res[STYLE_NONCE] ??= freshNonce());
}

/**
 * The app's Content-Security-Policy. Scripts only from our origin; no inline script at all.
 * Styles from our origin plus <style> tags carrying this response's nonce (Mantine injects its
 * CSS variables that way; index.html hands the nonce to the web app). Nothing may frame us.
 */
function appDirectives(config: Config, frameAncestors: string[] = ["'none'"]): Directives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", (_req, res) => `'nonce-${styleNonceOf(res)}'`],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': frameAncestors,
    // Only when served over https: on a plain-http install it would break every request.
    ...(config.PUBLIC_URL?.startsWith('https://') ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** Helmet for every route: CSP above, X-Frame-Options DENY, nosniff, a strict Referrer-Policy. */
export function securityHeaders(config: Config): FastifyHelmetOptions {
  const https = config.PUBLIC_URL?.startsWith('https://') ?? false;
  return {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: appDirectives(config) },
    frameguard: { action: 'deny' },
    xContentTypeOptions: true,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: https ? { maxAge: 180 * 86_400, includeSubDomains: false } : false,
  };
}

/**
 * Route option for pages other sites may frame (an embeddable form, say): the app's policy with
 * `frame-ancestors` opened to the given origins, and no X-Frame-Options (CSP supersedes it).
 *   app.get('/f/:id', { helmet: framableBy(ctx.config, ['https://shop.example']) }, handler)
 * Pass ['*'] for any site. Everything else stays as strict as on the app's own pages.
 */
export function framableBy(config: Config, origins: string[]): FastifyHelmetRouteOptions['helmet'] {
  return { frameguard: false, contentSecurityPolicy: { useDefaults: false, directives: appDirectives(config, origins) } };
}

/**
 * Swagger UI at /api/docs renders with inline style attributes and data: images; it gets its own,
 * looser style policy, still with scripts from our origin only. Applied to its routes by URL.
 */
export function docsHelmet(config: Config): FastifyHelmetRouteOptions['helmet'] {
  const directives = { ...appDirectives(config), 'style-src': ["'self'", "'unsafe-inline'"] };
  return { contentSecurityPolicy: { useDefaults: false, directives } };
}

/**
 * What helmet sends with securityHeaders(config), built once: @fastify/helmet builds its
 * middleware anew on every request, a cost the JSON API paid on each call. Only the CSP's style
 * nonce differs per response (styleNonceOf). web-security.test.ts holds these equal to helmet's.
 */
export function constantSecurityHeaders(config: Config): (response: ServerResponse) => void {
  const https = config.PUBLIC_URL?.startsWith('https://') ?? false;
  const NONCE = '\0nonce';
  const csp = Object.entries(appDirectives(config))
    .map(([name, values]) => [name, ...[...(values ?? [])].map((v) => (typeof v === 'function' ? `'nonce-${NONCE}'` : v))].join(' '))
    .join(';')
    .split(NONCE);
  const fixed: [string, string][] = Object.entries({
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'strict-origin-when-cross-origin',
    ...(https ? { 'strict-transport-security': `max-age=${180 * 86_400}` } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
  return (response) => {
    response.setHeader('content-security-policy', csp.join(styleNonceOf(response)));
    for (const [name, value] of fixed) response.setHeader(name, value);
  };
}
