import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { AppError, ErrorCode, httpStatusByCode } from '../../lib/app-error.js';
import { messagePage } from '../public/pages.js';
import { csatThanksPage } from './csat.pages.js';
import { CSAT_COMMENT_MAX, recordCsatComment, recordCsatScore } from './csat.service.js';

/** Per client address: a person clicks a few links; a scanner walking tokens meets a wall (429). */
export const CSAT_RATE = { max: 30, timeWindow: 10 * 60_000 };
const tokenParam = z.object({ token: z.string().min(1).max(200).describe('Signed survey link token') });
const tags = ['csat'];
const csp = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const rateLimit = { ...CSAT_RATE, errorResponseBuilder: (_r: unknown, limit: { ttl: number }) => new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; try again later', { retryAfter: Math.ceil(limit.ttl / 1000) }) };

/** The satisfaction survey's public page: a click records the score, then a comment may follow. */
export function csatRoutes(app: App, ctx: AppContext): void {
  app.register(async (scope: App) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', csp).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return payload;
    });
    scope.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
      const status = err instanceof AppError ? httpStatusByCode[err.code] : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      if (status >= 500) request.log.error({ err }, 'csat page failed');
      const retryAfter = err instanceof AppError ? err.details?.retryAfter : undefined;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      const message = status >= 500 ? 'Something went wrong; please try again later' : status === 400 ? 'This survey link is not valid' : err.message;
      return reply.status(status).type('text/html; charset=utf-8').send(messagePage(status === 429 ? 'Please slow down' : 'Sorry', message, 'error'));
    });
    scope.get('/csat/:token', {
      config: { public: true, rateLimit },
      schema: { tags, operationId: 'recordCsatScore', summary: 'Records the score of the survey link clicked (the last click wins) and offers a comment form', params: tokenParam },
    }, async (request, reply) => {
      const r = await recordCsatScore({ ctx, token: request.params.token });
      return reply.type('text/html; charset=utf-8').send(csatThanksPage({ token: request.params.token, score: r.score, comment: r.comment }));
    });
    scope.post('/csat/:token', {
      config: { public: true, rateLimit },
      schema: { tags, operationId: 'recordCsatComment', summary: 'The optional comment after a score', params: tokenParam, body: z.object({ comment: z.string().max(CSAT_COMMENT_MAX * 2).default('') }) },
    }, async (request, reply) => {
      const r = await recordCsatComment({ ctx, token: request.params.token, comment: request.body.comment });
      return reply.type('text/html; charset=utf-8').send(csatThanksPage({ token: request.params.token, score: r.score, comment: r.comment, commented: true }));
    });
  });
}
