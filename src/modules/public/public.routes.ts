import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { AppError, ErrorCode, httpStatusByCode } from '../../lib/app-error.js';
import { publicBase } from '../audience/public-url.js';
import { hitRateCounter } from '../audience/rate-counters.js';
import { findListsByIds } from '../lists/lists.repo.js';
import { embedScript } from './embed-script.js';
import { loadPublicForm, submitForm } from './form-submit.js';
import { PUBLIC_CSS } from './html.js';
import { confirmLink, checkLink, linkContact, unsubscribeLink } from './link-actions.js';
import { buttonPage, formPage, messagePage, preferencesPage } from './pages.js';
import { readPreferences, savePreferences } from './preferences.js';

/** Per IP, per 10 minutes: generous for people, a wall for floods (answered 429 + Retry-After). */
export const PUBLIC_LIMITS = { POST: 30, GET: 300 };
const formParam = z.object({ formId: z.coerce.number().int().positive().max(2 ** 53 - 1).describe('Form id') });
const tokenParam = z.object({ token: z.string().min(1).max(1000).describe('Signed link token') });
const config = { public: true };
const tags = ['public'];

/** Strict CSP for the public pages; only the hosted form may be framed, and may redirect after POST. */
function csp(o: { frame?: boolean; formAction?: string[] } = {}) {
  return ["default-src 'none'", "style-src 'self'", "img-src 'self'", "base-uri 'none'", `form-action 'self'${o.formAction?.length ? ` ${o.formAction.join(' ')}` : ''}`, `frame-ancestors ${o.frame ? '*' : "'none'"}`].join('; ');
}

function html(reply: FastifyReply, body: string, status = 200, policy = csp()) {
  return reply.status(status).header('content-security-policy', policy).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').type('text/html; charset=utf-8').send(body);
}

const visitor = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
const wantsJson = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').includes('json') || String(request.headers.accept ?? '').startsWith('application/json');
const cors = (reply: FastifyReply) => reply.header('access-control-allow-origin', '*').header('vary', 'origin');

/**
 * Pages and endpoints for people without a login: the hosted sign-up form (and its POST from any
 * site), confirmation, the preference centre and one-click unsubscribe. Encapsulated: its own
 * urlencoded parser, per-IP limits and HTML error pages apply to these routes only.
 */
export function publicRoutes(app: App, ctx: AppContext): void {
  app.register(async (scope: App) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 32 * 1024 }, (_req, body, done) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body as string)) {
        const prev = out[k];
        out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v].slice(0, 200) : [prev, v];
      }
      done(null, out);
    });
    // Helmet's app-wide defaults are for the app's own pages. These are public and meant for other
    // sites too: the embed script and the form's JSON answer load cross-origin (CORP), and the
    // hosted form may be framed, as its own CSP says (X-Frame-Options would contradict it).
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cross-origin-resource-policy', 'cross-origin');
      if (String(reply.getHeader('content-security-policy') ?? '').includes('frame-ancestors *')) reply.removeHeader('x-frame-options');
      return payload;
    });
    scope.addHook('onRequest', async (request) => {
      if (request.method !== 'GET' && request.method !== 'POST') return;
      const limit = await hitRateCounter(ctx.db, { bucket: `public-ip-${request.method}`, key: request.ip, windowSeconds: 600, limit: PUBLIC_LIMITS[request.method] });
      if (!limit.allowed) throw new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; try again later', { retryAfter: limit.retryAfter });
    });
    scope.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
      const e = err instanceof AppError ? err : null;
      const status = e ? httpStatusByCode[e.code] : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      if (status >= 500) request.log.error({ err }, 'public request failed');
      const retryAfter = e?.details?.retryAfter;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      const code = e?.code ?? (status === 400 ? ErrorCode.VALIDATION : status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : status === 404 ? ErrorCode.NOT_FOUND : ErrorCode.INTERNAL);
      const message = status >= 500 ? 'Something went wrong; please try again later' : err.message;
      if (request.url.startsWith('/f/')) cors(reply);
      if (wantsJson(request) || request.url.startsWith('/f/') && request.method === 'POST' && request.headers['content-type']?.includes('json')) {
        return reply.status(status).send({ error: { code, message, ...(e?.details ? { details: e.details } : {}) } });
      }
      return html(reply, messagePage(status === 429 ? 'Please slow down' : 'Sorry', message, 'error'), status);
    });

    scope.get('/public/style.css', { config, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PUBLIC_CSS),
    );

    scope.get('/f/:formId', { config, schema: { tags, summary: 'The hosted sign-up form (HTML)', params: formParam } }, async (request, reply) => {
      const form = await loadPublicForm(ctx, request.params.formId);
      const lists = (await findListsByIds(ctx.db, form.workspace_id, form.list_ids)).map((l) => ({ name: l.public_name ?? l.name, description: l.public_description }));
      return html(reply, formPage(form, lists), 200, csp({ frame: true, formAction: form.redirect_url ? [new URL(form.redirect_url).origin] : [] }));
    });
    scope.options('/f/:formId', { config, schema: { hide: true } }, async (_request, reply) =>
      cors(reply).header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '86400').status(204).send(),
    );
    scope.post('/f/:formId', { config, schema: { tags, summary: 'Submit a sign-up form (urlencoded → HTML page or redirect; JSON → JSON, CORS)', params: formParam, body: z.record(z.string().max(200), z.unknown()) } }, async (request, reply) => {
      const answer = await submitForm(ctx, { formId: request.params.formId, body: request.body, ...visitor(request) });
      if (wantsJson(request)) return cors(reply).send({ ok: true, message: answer.message });
      if (answer.redirectUrl) return reply.redirect(answer.redirectUrl, 303);
      return html(reply, messagePage('Thank you', answer.message));
    });
    scope.get('/f/:formId/embed.js', { config, schema: { tags, summary: 'The script version of the form embed', params: formParam } }, async (request, reply) => {
      const form = await loadPublicForm(ctx, request.params.formId);
      return cors(reply).type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(embedScript(form, `${publicBase(ctx.config)}/f/${form.id}`));
    });

    scope.get('/confirm/:token', { config, schema: { tags, summary: 'Confirmation page (one button; opening the link confirms nothing)', params: tokenParam } }, async (request, reply) => {
      const claims = checkLink(ctx, request.params.token, 'confirm');
      await linkContact(ctx.db, claims);
      return html(reply, buttonPage({ title: 'Confirm your subscription', text: 'Press the button to confirm that you want to receive our email.', action: `/confirm/${request.params.token}`, button: 'Confirm subscription' }));
    });
    scope.post('/confirm/:token', { config, schema: { tags, summary: 'Confirm a double opt-in subscription (once)', params: tokenParam } }, async (request, reply) => {
      const { lists } = await confirmLink(ctx, request.params.token, visitor(request));
      return html(reply, messagePage('Subscription confirmed', lists.length ? `You are subscribed to ${lists.join(', ')}.` : 'There was nothing left to confirm.'));
    });

    scope.get('/preferences/:token', { config, schema: { tags, summary: 'The preference centre', params: tokenParam } }, async (request, reply) =>
      html(reply, preferencesPage(request.params.token, await readPreferences(ctx, request.params.token), false)),
    );
    scope.post('/preferences/:token', { config, schema: { tags, summary: 'Save list choices, or unsubscribe from all (`all=1`)', params: tokenParam, body: z.object({ list: z.union([z.string(), z.array(z.string())]).optional(), all: z.string().optional() }) } }, async (request, reply) => {
      const raw = request.body.list === undefined ? [] : Array.isArray(request.body.list) ? request.body.list : [request.body.list];
      const listIds = raw.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
      const saved = await savePreferences(ctx, request.params.token, { listIds, all: request.body.all === '1' }, visitor(request));
      return html(reply, preferencesPage(request.params.token, saved, true));
    });

    scope.get('/u/:token', { config, schema: { tags, summary: 'Unsubscribe page (one button; GET never unsubscribes)', params: tokenParam } }, async (request, reply) => {
      const claims = checkLink(ctx, request.params.token, 'unsubscribe');
      await linkContact(ctx.db, claims);
      return html(reply, buttonPage({ title: 'Unsubscribe', text: 'Press the button to stop receiving this email.', action: `/u/${request.params.token}`, button: 'Unsubscribe', hidden: { 'List-Unsubscribe': 'One-Click' } }));
    });
    scope.post('/u/:token', { config, schema: { tags, summary: 'RFC 8058 one-click unsubscribe (body List-Unsubscribe=One-Click); idempotent', params: tokenParam } }, async (request, reply) => {
      const { listName } = await unsubscribeLink(ctx, request.params.token, visitor(request));
      return html(reply, messagePage('You are unsubscribed', listName ? `You will no longer receive ${listName}.` : 'You will no longer receive our marketing email.'));
    });
  });
}
