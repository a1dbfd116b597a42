import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppContext } from '../../context.js';
import { appOrigin } from '../../http/same-origin.js';
import type { App } from '../../http/types.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { resolveActor, SESSION_COOKIE } from '../auth/auth.service.js';
import { can, type Actor } from '../auth/permissions.js';
import { ChatHub, FrameBucket, sendFrame, type VisitorConnection } from './chat-hub.js';
import * as agents from './chat-agent.service.js';
import * as visitors from './chat-visitor.service.js';
import { findWidgetByKey, type WidgetRow } from './chat.repo.js';
import { agentFrame, MAX_FRAME_BYTES, visitorFrame, widgetKeyQuery } from './chat.schema.js';
import { serveFrames } from './socket-frames.js';

const tags = ['tickets'];

/**
 * GET /ws/chat (the widget's visitors) and GET /ws/agent (the agents' chat panel). Both check
 * who may connect before the upgrade, in preHandler: a refused socket is an HTTP 4xx, not an
 * open connection. One hub per app delivers what the services stored.
 */
export function chatSocketRoutes(app: App, ctx: AppContext, hub: ChatHub): void {
  const widgets = new WeakMap<FastifyRequest, WidgetRow>();
  const actors = new WeakMap<FastifyRequest, Actor>();
  app.register(async (scope: App) => {
    await scope.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });

    scope.get('/ws/chat', {
      websocket: true,
      config: { public: true, rateLimit: { max: 1200, timeWindow: 60_000 } },
      schema: { tags, operationId: 'openChatSocket', summary: 'The chat widget’s WebSocket (JSON frames; the page’s Origin must be on the widget’s allow-list)', querystring: widgetKeyQuery },
      preHandler: async (request) => {
        const widget = await findWidgetByKey(ctx.db, (request.query as { key: string }).key);
        if (!widget) throw AppError.notFound('Chat widget');
        const origin = request.headers.origin;
        if (!origin || !widget.allowed_origins.includes(origin)) throw new AppError(ErrorCode.CROSS_ORIGIN, `This widget may not be embedded on ${origin ?? 'a page without an Origin'}`);
        widgets.set(request, widget);
      },
    }, (socket, request) => serveVisitor(ctx, hub, socket, widgets.get(request)!, request.log));

    scope.get('/ws/agent', {
      websocket: true,
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: { tags, operationId: 'openAgentChatSocket', summary: 'The agents’ chat WebSocket: new chat messages, typing and visitor presence; live replies (session cookie, same origin)' },
      preHandler: async (request) => {
        if (request.headers.origin !== appOrigin(request, ctx.config.PUBLIC_URL)) throw new AppError(ErrorCode.CROSS_ORIGIN, 'The chat panel connects only from the app itself');
        const actor = await resolveActor({ ctx, sessionToken: request.cookies[SESSION_COOKIE] });
        if (!actor?.userId) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Log in to answer chats');
        if (!can(actor, 'tickets:read')) throw AppError.forbidden('tickets:read');
        actors.set(request, actor);
      },
    }, (socket, request) => serveAgent(ctx, hub, socket, actors.get(request)!, request.log));
  });
}

function serveVisitor(ctx: AppContext, hub: ChatHub, socket: WebSocket, widget: WidgetRow, log: FastifyRequest['log']): void {
  const ws = widget.workspace_id;
  let session: visitors.VisitorSession | null = null;
  let conn: VisitorConnection | null = null;
  const presence = (online: boolean) => session?.ticketId && hub.toAgents(ws, { t: 'presence', ticketId: session.ticketId, online });
  const leave = async () => {
    if (conn && (await hub.removeVisitor(conn))) presence(false);
  };
  socket.on('close', () => leave().catch((err) => log.warn({ err }, 'chat: visitor presence not cleared')));
  serveFrames(socket, {
    schema: visitorFrame, log, bucket: new FrameBucket(20, 5),
    handle: async (frame) => {
      if (frame.t === 'hello') {
        if (session) throw AppError.invalid({ path: 't', message: 'already said hello' });
        const opened = await visitors.openVisitorSession({ ctx, widget, token: frame.token, since: frame.since });
        session = opened.session;
        const online = await visitors.agentsAvailable({ ctx, widget, connected: await hub.connectedAgents(ws) });
        const joined: VisitorConnection = { socket, workspaceId: ws, sessionId: session.id, ticketId: session.ticketId };
        await hub.addVisitor(joined);
        conn = joined;
        // Closed while joining: the close handler found no connection to take away.
        if (socket.readyState !== socket.OPEN) return leave();
        presence(true);
        sendFrame(socket, { t: 'welcome', token: opened.token, online, greeting: widget.greeting, colors: widget.colors, position: widget.position, email: session.email, messages: opened.messages });
        return;
      }
      if (!session) throw AppError.invalid({ path: 't', message: 'say hello first' });
      if (frame.t === 'msg') {
        const m = await visitors.postVisitorMessage({ ctx, widget, session, clientId: frame.cid, text: frame.text });
        conn!.ticketId = m.ticketId;
        sendFrame(socket, { t: 'ack', cid: frame.cid, id: m.id, at: m.createdAt });
        if (!m.created) return;
        hub.toVisitors(ws, session.id, { t: 'msg', id: m.id, from: 'visitor', text: frame.text, cid: frame.cid, at: m.createdAt }, socket);
        hub.toAgents(ws, { t: 'msg', ticketId: m.ticketId, id: m.id, from: 'visitor', text: frame.text, at: m.createdAt, opened: m.opened, sessionId: session.id });
      } else if (frame.t === 'typing') {
        if (session.ticketId) hub.toAgents(ws, { t: 'typing', ticketId: session.ticketId, from: 'visitor' });
      } else if (frame.t === 'identify') {
        await visitors.identifyVisitor({ ctx, widget, session, email: frame.email, name: frame.name });
        sendFrame(socket, { t: 'identified', email: frame.email });
        if (session.ticketId) hub.toAgents(ws, { t: 'identified', ticketId: session.ticketId, email: frame.email });
      } else {
        const r = await visitors.leaveOfflineMessage({ ctx, widget, email: frame.email, name: frame.name, text: frame.text });
        sendFrame(socket, { t: 'offline_ok', ticketId: r.ticketId });
      }
    },
  });
}

function serveAgent(ctx: AppContext, hub: ChatHub, socket: WebSocket, actor: Actor, log: FastifyRequest['log']): void {
  const ws = actor.workspaceId;
  const conn = { socket, workspaceId: ws, userId: actor.userId! };
  const leave = () => hub.removeAgent(conn).catch((err) => log.warn({ err }, 'chat: agent presence not cleared'));
  // Ready once other processes can see the agent, so a visitor's hello right after finds them.
  hub.addAgent(conn).then(() => {
    if (socket.readyState === socket.OPEN) sendFrame(socket, { t: 'ready', userId: actor.userId });
    else void leave();
  }, (err) => {
    log.error({ err }, 'chat: agent presence not recorded');
    socket.close(1011, 'Try again');
  });
  socket.on('close', () => void leave());
  const sessions = new Map<number, number | null>();
  serveFrames(socket, {
    schema: agentFrame, log, bucket: new FrameBucket(40, 10),
    handle: async (frame) => {
      if (frame.t === 'reply') {
        const r = await agents.replyToChat({ ctx, actor, ticketId: frame.ticketId, clientId: frame.cid, text: frame.text });
        sendFrame(socket, { t: 'ack', cid: frame.cid, id: r.id, ticketId: frame.ticketId, at: r.createdAt });
        if (!r.created) return;
        const out = { t: 'msg', id: r.id, from: 'agent', name: r.authorName, text: frame.text, at: r.createdAt };
        if (r.sessionId) hub.toVisitors(ws, r.sessionId, out);
        hub.toAgents(ws, { ...out, ticketId: frame.ticketId }, socket);
      } else if (frame.t === 'typing') {
        if (!sessions.has(frame.ticketId)) sessions.set(frame.ticketId, await agents.chatSessionOf({ ctx, actor, ticketId: frame.ticketId }));
        const sessionId = sessions.get(frame.ticketId);
        if (sessionId) hub.toVisitors(ws, sessionId, { t: 'typing', from: 'agent' });
      } else {
        const r = await agents.endChat({ ctx, actor, ticketId: frame.ticketId });
        sendFrame(socket, { t: 'ended', ticketId: frame.ticketId });
        if (r.sessionId) hub.toVisitors(ws, r.sessionId, { t: 'ended' });
        hub.toAgents(ws, { t: 'ended', ticketId: frame.ticketId }, socket);
      }
    },
  });
}
