import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { hitRateCounter } from '../audience/rate-counters.js';
import { parseMailgun, parsePostmark, parseSendgrid, type WebhookMail } from './inbound-webhooks.js';
import { fileWebhookMail } from './inbound-webhooks.service.js';

/** multipart/form-data or urlencoded fields and files, bounded. */
async function formOf(request: FastifyRequest): Promise<{ fields: Record<string, string>; files: { filename: string; contentType: string; content: Uint8Array }[] }> {
  const fields: Record<string, string> = {};
  const files: { filename: string; contentType: string; content: Uint8Array }[] = [];
  if (request.isMultipart()) {
    for await (const part of request.parts({ limits: { files: 50, fields: 200, fieldSize: 30_000_000, fileSize: 30_000_000 } })) {
      if (part.type === 'file') files.push({ filename: part.filename, contentType: part.mimetype, content: await part.toBuffer() });
      else fields[part.fieldname] = String(part.value);
    }
  } else if (request.body && typeof request.body === 'object') {
    for (const [k, v] of Object.entries(request.body as Record<string, unknown>)) if (typeof v === 'string') fields[k] = v;
  }
  return { fields, files };
}

function basicAuth(request: FastifyRequest): { user: string; password: string } | null {
  const m = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

/**
 * POST /hooks/inbound/{postmark|sendgrid|mailgun}: inbound-parse webhooks. Postmark and SendGrid
 * authenticate with HTTP Basic in the webhook URL (`https://<inbox id>:<secret>@host/hooks/inbound/postmark`),
 * Mailgun with its signature; the checks and the filing are fileWebhookMail's.
 */
export function inboundWebhookRoutes(app: App, ctx: AppContext): void {
  app.register(async (scope: App) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 30 * 1024 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.post('/hooks/inbound/:provider', {
      // A NUL in the mail is stripped at intake (receiveTicketMail): a 400 would lose the mail.
      config: { public: true, keepsUnstorableBody: true },
      bodyLimit: 30 * 1024 * 1024,
      schema: { tags: ['tickets'], operationId: 'receiveInboundWebhook', summary: 'Inbound mail from Postmark, SendGrid or Mailgun becomes a ticket', params: z.object({ provider: z.enum(['postmark', 'sendgrid', 'mailgun']) }) },
    }, async (request) => {
      const limit = await hitRateCounter(ctx.db, { bucket: 'inbound-webhook', key: request.ip, windowSeconds: 60, limit: 600 });
      if (!limit.allowed) throw new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; try again later', { retryAfter: limit.retryAfter });
      const { provider } = request.params;
      let parsed: WebhookMail;
      let fields: Record<string, string> = {};
      if (provider === 'postmark') {
        if (!request.body || typeof request.body !== 'object') throw AppError.invalid({ path: 'body', message: 'expected Postmark’s inbound JSON' });
        parsed = parsePostmark(request.body as Record<string, unknown>);
      } else {
        const form = await formOf(request);
        fields = form.fields;
        parsed = provider === 'sendgrid' ? await parseSendgrid(form.fields, form.files) : parseMailgun(form.fields, form.files);
      }
      return fileWebhookMail({ ctx, provider, parsed, fields, basic: basicAuth(request) });
    });
  });
}
