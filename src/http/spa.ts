import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import { styleNonceOf } from './security-headers.js';

/**
 * The web app's index.html, read once and sent with this response's CSP style nonce in a
 * `<meta property="csp-nonce">` (where web/src/lib/csp-nonce.ts picks it up), never cached.
 */
export function spaPage(distDir: string): (reply: FastifyReply) => FastifyReply {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  if (!html.includes('<head>')) throw new Error(`${distDir}index.html has no <head>`);
  return (reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(html.replace('<head>', `<head>\n    <meta property="csp-nonce" nonce="${styleNonceOf(reply.raw)}" />`));
}
