import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { hookQuery } from '../channels/channels.schema.js';
import { headerOf, keepRawJson, rawBodyOf } from '../channels/raw-body.js';
import { messageChannelParam } from './messages.schema.js';
import { receiveChannelMessage } from './messages.service.js';

export function messagesRoutes(app: App, ctx: AppContext): void {
  app.register(async (scope: App) => {
    keepRawJson(scope);
    scope.post('/hooks/messages/:channel', {
      config: { public: true, rateLimit: { max: 1200, timeWindow: 60_000 } },
      schema: {
        tags: ['messages'], operationId: 'receiveChannelMessage', params: messageChannelParam, querystring: hookQuery,
        summary: 'A message from a WhatsApp, Telegram or Facebook gateway, onto the contact’s timeline and the channel’s inbox',
        description: 'Body: {messageId, from: {externalId, name?, email?, phone?}, text, sentAt?}. Headers: X-Rapport-Timestamp (Unix seconds) and X-Rapport-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>"> under the secret set with PUT /api/v1/ecrm-channels/{channel}. Wrong signature or a timestamp more than 5 minutes off: 401; the same signed request again: 409; a message id seen before: 200 with filed=false.',
      },
    }, async (request) => receiveChannelMessage({
      ctx, channel: request.params.channel, workspaceId: request.query.workspace, raw: rawBodyOf(request),
      timestamp: headerOf(request, 'x-rapport-timestamp'), signature: headerOf(request, 'x-rapport-signature'),
    }));
  });
}
