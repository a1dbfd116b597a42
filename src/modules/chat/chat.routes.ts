import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { AppError } from '../../lib/app-error.js';
import { ChatHub } from './chat-hub.js';
import { PgChatRelay } from './chat-relay.js';
import { listLiveChats } from './chat-agent.service.js';
import * as widgets from './chat-widgets.service.js';
import { widgetBody, widgetPatchBody } from './chat.schema.js';
import { chatSocketRoutes } from './chat.sockets.js';

const tags = ['tickets'];
/** Built from web/widget/widget.ts by `npm run build:web` (web/widget/vite.config.ts). */
export const WIDGET_SCRIPT = fileURLToPath(new URL('../../../web/dist-widget/widget.js', import.meta.url));

/** The live chat: widget settings, the live chats of agents, the widget script and the two sockets. */
export function chatRoutes(app: App, ctx: AppContext): void {
  // Several processes may share one PostgreSQL: the hub reaches the others through LISTEN/NOTIFY.
  const url = ctx.database.kind === 'postgres' ? ctx.database.connectionString : undefined;
  const relay = url ? new PgChatRelay({ db: ctx.db, url, log: ctx.log }) : undefined;
  if (relay) {
    app.addHook('onReady', () => relay.start());
    app.addHook('onClose', () => relay.close());
  }
  const hub = new ChatHub(relay);
  chatSocketRoutes(app, ctx, hub);

  app.get('/api/v1/chat-widgets', { schema: { tags, operationId: 'listChatWidgets', summary: 'Chat widgets of the workspace, one per inbox' } }, async (request) =>
    widgets.listChatWidgets({ ctx, actor: actorOf(request) }));
  app.post('/api/v1/chat-widgets', { schema: { tags, operationId: 'createChatWidget', summary: 'Add a chat widget to an inbox; embed it with its key', body: widgetBody } }, async (request, reply) => {
    reply.status(201);
    return widgets.createChatWidget({ ctx, actor: actorOf(request), input: request.body });
  });
  app.patch('/api/v1/chat-widgets/:id', { schema: { tags, operationId: 'updateChatWidget', summary: 'Change a chat widget’s inbox, allowed origins, greeting, colours or corner', params: idParam, body: widgetPatchBody } }, async (request) =>
    widgets.updateChatWidget({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }));
  app.delete('/api/v1/chat-widgets/:id', { schema: { tags, operationId: 'deleteChatWidget', summary: 'Remove a chat widget; its embeds stop connecting', params: idParam } }, async (request, reply) => {
    await widgets.deleteChatWidget({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.get('/api/v1/chats', { schema: { tags, operationId: 'listLiveChats', summary: 'Open chats with their visitor and whether the visitor is on the page now' } }, async (request) =>
    listLiveChats({ ctx, actor: actorOf(request), visitorsOnline: (ws, ids) => hub.visitorsOnline(ws, ids) }));

  let script: Promise<Buffer> | undefined;
  app.get('/widget.js', {
    config: { public: true, rateLimit: { max: 600, timeWindow: 60_000 } },
    // Other sites load it with a <script> tag: it must be readable cross-origin.
    helmet: { crossOriginResourcePolicy: { policy: 'cross-origin' } },
    schema: { tags, operationId: 'getChatWidgetScript', summary: 'The chat widget: one script, no framework; embed it with a script tag whose data-widget-key is the widget’s key' },
  }, async (_request, reply) => {
    script ??= readFile(WIDGET_SCRIPT).catch((err) => {
      script = undefined;
      throw err;
    });
    const body = await script.catch(() => {
      throw AppError.notFound('The widget script (run `npm run build:web`)');
    });
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  });
}
