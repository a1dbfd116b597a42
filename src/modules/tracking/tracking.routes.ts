import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { hitRateCounter } from '../audience/rate-counters.js';
import { recordClick, recordOpen } from './tracking.service.js';

// The smallest transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
/** Per address per 10 minutes: a mail gateway fetching for a whole office stays well inside it. */
export const TRACKING_LIMIT = 3000;

const visitor = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
const token = z.string().min(1).max(120);

/** The open pixel and click redirect, public (no login), rate limited per address, never cached. */
export function trackingRoutes(app: App, ctx: AppContext): void {
  app.register(async (scope: App) => {
    scope.addHook('onRequest', async (request) => {
      const limit = await hitRateCounter(ctx.db, { bucket: 'tracking-ip', key: request.ip, windowSeconds: 600, limit: TRACKING_LIMIT });
      if (!limit.allowed) throw new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; try again later', { retryAfter: limit.retryAfter });
    });
    const config = { public: true };
    const tags = ['tracking'];
    scope.get('/t/o/:file', {
      config, schema: { tags, operationId: 'trackOpen', summary: 'Open pixel (a 1×1 GIF)', description: 'Records an open of the signed recipient; privacy proxies and scanners are recorded as machine opens.', params: z.object({ file: z.string().max(130).regex(/\.gif$/, 'must end in .gif') }) },
    }, async (request, reply) => {
      await recordOpen(ctx, request.params.file.slice(0, -4), visitor(request));
      return reply.type('image/gif').header('cache-control', 'no-store, max-age=0').header('cross-origin-resource-policy', 'cross-origin').send(PIXEL);
    });
    scope.get('/t/c/:token', {
      config, schema: { tags, operationId: 'trackClick', summary: 'Click redirect', description: 'Redirects only to the URL at the signed position of that campaign\'s links (never an open redirect) and records the click; scanner clicks are recorded as machine clicks.', params: z.object({ token }) },
    }, async (request, reply) => {
      const url = await recordClick(ctx, request.params.token, visitor(request));
      return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(url, 302);
    });
  });
}
