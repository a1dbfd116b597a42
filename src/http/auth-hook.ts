import type { AppContext } from '../context.js';
import { AppError, ErrorCode } from '../lib/app-error.js';
import { resolveActor, SESSION_COOKIE } from '../modules/auth/auth.service.js';
import { crossSiteReason, isStateChanging } from './same-origin.js';
import type { App } from './types.js';

/**
 * Resolves the actor of every API request once; non-public API routes require one. A
 * state-changing request authenticated by the session cookie (or to a route marked `sameOrigin`)
 * must come from the app's own origin (CSRF); API keys are exempt, since a browser never adds them.
 */
export function installAuth(app: App, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const sessionToken = request.cookies[SESSION_COOKIE];
    request.actor = await resolveActor({ ctx, bearer, sessionToken });
    // Public routes (forms other sites post to) act on no one's behalf, so a cookie the browser
    // happens to send does not make them cookie-authenticated; `sameOrigin` routes opt in.
    const config = request.routeOptions.config;
    const byCookie = request.actor !== null && request.actor.apiKeyId === null && !config?.public;
    if (isStateChanging(request.method) && (byCookie || config?.sameOrigin)) {
      const reason = crossSiteReason(request, ctx.config.PUBLIC_URL);
      if (reason) throw new AppError(ErrorCode.CROSS_ORIGIN, `Cross-site request refused: ${reason}`);
    }
    if (!request.actor && !config?.public) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, bearer ? 'The API key is not valid' : 'Log in or send an API key as "Authorization: Bearer <key>"');
    }
  });
}
