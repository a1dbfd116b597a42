import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import * as inboxes from './inboxes.service.js';
import { bulkTicketsBody } from './ticket-bulk.schema.js';
import * as bulk from './ticket-bulk.service.js';
import { addTicketMessage } from './ticket-replies.js';
import { createTicketBody, listTicketsQuery, mergeBody, messageBody, updateTicketBody } from './tickets.schema.js';
import * as service from './tickets.service.js';

const tags = ['tickets'];
const inboxBody = z.object({
  name: z.string().trim().min(1).max(100),
  address: z.string().trim().toLowerCase().email().max(320).describe('The support address mail is sent to'),
  assignment: z.enum(['manual', 'round_robin', 'fewest_open']).default('round_robin'),
  agentIds: z.array(z.number().int().positive()).max(200).default([]),
});

export function ticketsRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/tickets', { schema: { tags, operationId: 'listTickets', summary: 'Tickets of a view (mine, unassigned, breaching soon, all open, all), newest first', querystring: listTicketsQuery } }, async (request) =>
    service.listTickets({ ctx, actor: actorOf(request), query: request.query }));
  app.post('/api/v1/tickets', { schema: { tags, operationId: 'createTicket', summary: 'Open a ticket for a contact (by id or email)', body: createTicketBody } }, async (request, reply) => {
    reply.status(201);
    return service.createTicket({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/tickets/:id', { schema: { tags, operationId: 'getTicket', summary: 'A ticket with its conversation, SLA state and the customer view', params: idParam } }, async (request) =>
    service.getTicket({ ctx, actor: actorOf(request), id: request.params.id }));
  app.patch('/api/v1/tickets/:id', { schema: { tags, operationId: 'updateTicket', summary: 'Change status, priority, assignee, subject or tags', params: idParam, body: updateTicketBody } }, async (request) =>
    service.updateTicket({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }));
  app.post('/api/v1/tickets/:id/messages', { schema: { tags, operationId: 'addTicketMessage', summary: 'Reply to the customer (sent by email, threaded) or add an internal note', params: idParam, body: messageBody } }, async (request, reply) => {
    reply.status(201);
    return addTicketMessage({ ctx, actor: actorOf(request), ticketId: request.params.id, ...request.body });
  });
  app.post('/api/v1/tickets/:id/merge', { schema: { tags, operationId: 'mergeTicket', summary: 'Merge this ticket into another; its messages move there', params: idParam, body: mergeBody } }, async (request) =>
    service.mergeTickets({ ctx, actor: actorOf(request), id: request.params.id, intoTicketId: request.body.intoTicketId }));
  app.post('/api/v1/tickets/bulk', { schema: { tags, operationId: 'bulkUpdateTickets', summary: `Assign, set status or priority, tag or untag tickets by ids or a view's filter; over ${bulk.BULK_INLINE_MAX} it runs as a job (202) with progress`, body: bulkTicketsBody } }, async (request, reply) => {
    const op = await bulk.bulkUpdateTickets({ ctx, actor: actorOf(request), input: request.body });
    return reply.status(op.status === 'done' ? 200 : 202).send(op);
  });
  app.get('/api/v1/tickets/bulk/:id', { schema: { tags, operationId: 'getTicketBulkOperation', summary: 'A bulk action’s progress and result', params: idParam } }, async (request) =>
    bulk.getBulkOperation({ ctx, actor: actorOf(request), id: request.params.id }));

  app.get('/api/v1/inboxes', { schema: { tags, operationId: 'listInboxes', summary: 'Support inboxes' } }, async (request) => inboxes.listInboxes({ ctx, actor: actorOf(request) }));
  app.post('/api/v1/inboxes', { schema: { tags, operationId: 'createInbox', summary: 'Add an inbox; the answer carries its inbound-webhook secret, shown once', body: inboxBody } }, async (request, reply) => {
    reply.status(201);
    return inboxes.createInbox({ ctx, actor: actorOf(request), input: request.body });
  });
  app.patch('/api/v1/inboxes/:id', { schema: { tags, operationId: 'updateInbox', summary: 'Change an inbox', params: idParam, body: inboxBody.partial() } }, async (request) =>
    inboxes.updateInbox({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }));
  app.put('/api/v1/agents/me', { schema: { tags, operationId: 'setAgentProfile', summary: 'Set your presence (online agents get new tickets) and signature', body: z.object({ status: z.enum(['online', 'away']).optional(), signature: z.string().max(2000).optional() }) } }, async (request) =>
    inboxes.setAgentProfile({ ctx, actor: actorOf(request), ...request.body }));
}
