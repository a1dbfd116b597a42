import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { businessHoursBody, businessHoursPatch, slaPolicyBody, slaPolicyPatch } from './sla.schema.js';
import * as service from './sla.service.js';

const tags = ['sla'];

export function slaRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/business-hours', { schema: { tags, operationId: 'listBusinessHours', summary: 'Business hours (time zone, weekly hours, holidays) that SLA clocks count on' } }, async (request) =>
    service.listBusinessHours({ ctx, actor: actorOf(request) }));
  app.post('/api/v1/business-hours', { schema: { tags, operationId: 'createBusinessHours', summary: 'Add business hours', body: businessHoursBody } }, async (request, reply) => {
    reply.status(201);
    return service.createBusinessHours({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/business-hours/:id', { schema: { tags, operationId: 'getBusinessHours', summary: 'One set of business hours', params: idParam } }, async (request) =>
    service.getBusinessHours({ ctx, actor: actorOf(request), id: request.params.id }));
  app.patch('/api/v1/business-hours/:id', { schema: { tags, operationId: 'updateBusinessHours', summary: 'Change business hours; due times already set stay', params: idParam, body: businessHoursPatch } }, async (request) =>
    service.updateBusinessHours({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }));
  app.delete('/api/v1/business-hours/:id', { schema: { tags, operationId: 'deleteBusinessHours', summary: 'Delete business hours no SLA policy uses (409 otherwise)', params: idParam } }, async (request, reply) => {
    await service.deleteBusinessHours({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });

  app.get('/api/v1/sla-policies', { schema: { tags, operationId: 'listSlaPolicies', summary: 'SLA policies: targets by inbox and priority' } }, async (request) =>
    service.listSlaPolicies({ ctx, actor: actorOf(request) }));
  app.post('/api/v1/sla-policies', { schema: { tags, operationId: 'createSlaPolicy', summary: 'Add an SLA policy; it applies to tickets opened from now on', body: slaPolicyBody } }, async (request, reply) => {
    reply.status(201);
    return service.createSlaPolicy({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/sla-policies/:id', { schema: { tags, operationId: 'getSlaPolicy', summary: 'One SLA policy', params: idParam } }, async (request) =>
    service.getSlaPolicy({ ctx, actor: actorOf(request), id: request.params.id }));
  app.patch('/api/v1/sla-policies/:id', { schema: { tags, operationId: 'updateSlaPolicy', summary: 'Change an SLA policy', params: idParam, body: slaPolicyPatch } }, async (request) =>
    service.updateSlaPolicy({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }));
  app.delete('/api/v1/sla-policies/:id', { schema: { tags, operationId: 'deleteSlaPolicy', summary: 'Delete an SLA policy', params: idParam } }, async (request, reply) => {
    await service.deleteSlaPolicy({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
}
