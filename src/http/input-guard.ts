import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../lib/app-error.js';
import { findUnstorableText } from '../lib/storable-text.js';

const PARTS = [
  ['params', (r: FastifyRequest) => r.params],
  ['querystring', (r: FastifyRequest) => r.query],
  ['body', (r: FastifyRequest) => r.body],
] as const;

/**
 * Refuses, with a 400 naming the field, any request whose path, query or JSON body holds text
 * PostgreSQL cannot store. One hook for every route, run before the zod schemas, so no route can
 * forget it; multipart uploads and opaque cursors, which it cannot see into, check their own, and
 * inbound mail webhooks (keepsUnstorableBody) strip what cannot be stored rather than lose a mail.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [where, read] of PARTS) {
      if (where === 'body' && request.routeOptions.config.keepsUnstorableBody) continue;
      const issue = findUnstorableText(read(request));
      if (issue) throw AppError.invalid({ path: issue.path || where, message: issue.message, in: where });
    }
  });
}
