import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { createAccountBody, createDomainBody, postalAddressBody, updateAccountBody } from './sending.schema.js';
import * as service from './sending.service.js';

export function sendingRoutes(app: App, ctx: AppContext): void {
  const tags = ['sending'];
  app.get('/api/v1/sending/accounts', { schema: { tags, operationId: 'listSendingAccounts', summary: 'SMTP accounts the workspace sends through (passwords are never returned)' } }, async (request) =>
    service.listSendingAccounts({ ctx, actor: actorOf(request) }),
  );
  app.post('/api/v1/sending/accounts', { schema: { tags, operationId: 'createSendingAccount', summary: 'Add an SMTP account; the password is stored encrypted', body: createAccountBody } }, async (request, reply) => {
    reply.status(201);
    return service.createSendingAccount({ ctx, actor: actorOf(request), input: request.body });
  });
  app.patch('/api/v1/sending/accounts/:id', { schema: { tags, operationId: 'updateSendingAccount', summary: 'Change an SMTP account (omit password to keep it)', params: idParam, body: updateAccountBody } }, async (request) =>
    service.updateSendingAccount({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/sending/accounts/:id', { schema: { tags, operationId: 'deleteSendingAccount', summary: 'Remove an SMTP account', params: idParam } }, async (request, reply) => {
    await service.deleteSendingAccount({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.get('/api/v1/sending/domains', { schema: { tags, operationId: 'listSendingDomains', summary: 'Sending domains with the DNS records to publish and their last check' } }, async (request) =>
    service.listSendingDomains({ ctx, actor: actorOf(request) }),
  );
  app.post('/api/v1/sending/domains', { schema: { tags, operationId: 'createSendingDomain', summary: 'Add a sending domain; Rapport generates its DKIM key pair (RSA-2048)', body: createDomainBody } }, async (request, reply) => {
    reply.status(201);
    return service.createSendingDomain({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/sending/domains/:id', { schema: { tags, operationId: 'getSendingDomain', summary: 'A sending domain with its DNS records', params: idParam } }, async (request) =>
    service.getSendingDomain({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.post('/api/v1/sending/domains/:id/check', { schema: { tags, operationId: 'checkSendingDomain', summary: 'Look up the DKIM, SPF and DMARC records now; all passing verifies the domain', params: idParam } }, async (request) =>
    service.checkSendingDomain({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.delete('/api/v1/sending/domains/:id', { schema: { tags, operationId: 'deleteSendingDomain', summary: 'Remove a sending domain and its DKIM key', params: idParam } }, async (request, reply) => {
    await service.deleteSendingDomain({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.get('/api/v1/sending/postal-address', { schema: { tags, operationId: 'getPostalAddress', summary: "The workspace's postal address for marketing footers" } }, async (request) =>
    service.getPostalAddress({ ctx, actor: actorOf(request) }),
  );
  app.put('/api/v1/sending/postal-address', { schema: { tags, operationId: 'setPostalAddress', summary: "Set the workspace's postal address (null clears it)", body: postalAddressBody } }, async (request) =>
    service.setPostalAddress({ ctx, actor: actorOf(request), postalAddress: request.body.postalAddress }),
  );
}
