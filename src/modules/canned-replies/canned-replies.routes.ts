import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { cannedReplyBody, cannedReplyPatch, renderBody } from './canned-replies.schema.js';
import * as service from './canned-replies.service.js';

const tags = ['canned-replies'];

export function cannedRepliesRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/canned-replies', { schema: { tags, operationId: 'listCannedReplies', summary: 'The shared canned replies and your own, by name' } }, async (request) =>
    service.listCannedReplies({ ctx, actor: actorOf(request) }));
  app.post('/api/v1/canned-replies', { schema: { tags, operationId: 'createCannedReply', summary: 'Add a canned reply (Liquid); shared ones need tickets:manage', body: cannedReplyBody } }, async (request, reply) => {
    reply.status(201);
    return service.createCannedReply({ ctx, actor: actorOf(request), input: request.body });
  });
  app.patch('/api/v1/canned-replies/:id', { schema: { tags, operationId: 'updateCannedReply', summary: 'Change a canned reply: your own, or a shared one with tickets:manage', params: idParam, body: cannedReplyPatch } }, async (request) =>
    service.updateCannedReply({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }));
  app.delete('/api/v1/canned-replies/:id', { schema: { tags, operationId: 'deleteCannedReply', summary: 'Delete a canned reply', params: idParam } }, async (request, reply) => {
    await service.deleteCannedReply({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.post('/api/v1/canned-replies/:id/render', { schema: { tags, operationId: 'renderCannedReply', summary: 'The reply rendered for a ticket: contact, ticket and agent filled in', params: idParam, body: renderBody } }, async (request) =>
    service.renderCannedReply({ ctx, actor: actorOf(request), id: request.params.id, ticketId: request.body.ticketId }));
}
