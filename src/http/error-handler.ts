import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ErrorCode, httpStatusByCode } from '../lib/app-error.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** PostgreSQL's query_canceled: statement_timeout (or an operator's pg_cancel_backend) stopped the query. */
const QUERY_CANCELED = '57014';

/** Maps every failure to `{ error: { code, message, details } }`; only 5xx are logged as errors. */
export function installErrorHandler(app: FastifyInstance, options: { sendSpa?: (reply: FastifyReply) => FastifyReply }): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      if (err.code === ErrorCode.RATE_LIMITED && typeof err.details?.retryAfter === 'number') reply.header('retry-after', String(err.details.retryAfter));
      return reply.status(httpStatusByCode[err.code]).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as FastifyError).validationContext ?? 'body';
      const fields = err.validation.map((v) => {
        const path = instancePath(v.instancePath).join('.');
        return { path: path || where, message: v.message ?? 'is invalid', in: where };
      });
      const message = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
      return reply.status(400).send(body(ErrorCode.VALIDATION, message, { fields }));
    }
    if ((err as { code?: unknown }).code === QUERY_CANCELED) {
      request.log.warn({ err }, 'query cancelled by statement_timeout');
      return reply.status(httpStatusByCode.QUERY_TIMEOUT).send(body(ErrorCode.QUERY_TIMEOUT, 'The request took too long in the database and was cancelled; narrow it (fewer conditions, a smaller page) or try again later'));
    }
    const fe = err as FastifyError;
    if (fe.statusCode && fe.statusCode < 500) {
      const code = fe.statusCode === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : fe.statusCode === 404 ? ErrorCode.NOT_FOUND : ErrorCode.VALIDATION;
      return reply.status(fe.statusCode).send(body(code, fe.message));
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send(body(ErrorCode.INTERNAL, 'Internal server error'));
  });

  // Unknown API routes get the JSON error; other GETs get the web app, which routes on the client.
  app.setNotFoundHandler((request, reply) => {
    if (options.sendSpa && request.method === 'GET' && !/^\/(api|assets)\//.test(request.url)) return options.sendSpa(reply);
    return reply.status(404).send(body(ErrorCode.NOT_FOUND, `Route ${request.method} ${request.url.split('?')[0]} not found`));
  });
}

function body(code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

function instancePath(path: string): string[] {
  return path.split('/').filter(Boolean);
}
