import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { createCustomFieldBody, customFieldsQuery, updateCustomFieldBody } from './custom-fields.schema.js';
import * as service from './custom-fields.service.js';

export function customFieldsRoutes(app: App, ctx: AppContext): void {
  const tags = ['custom-fields'];
  app.get('/api/v1/custom-fields', { schema: { tags, summary: 'List custom field definitions', querystring: customFieldsQuery } }, async (request) =>
    service.listCustomFields({ ctx, actor: actorOf(request), entity: request.query.entity }),
  );
  app.post('/api/v1/custom-fields', { schema: { tags, summary: 'Define a typed custom field (text, number, date, boolean, select, multiselect)', body: createCustomFieldBody } }, async (request, reply) => {
    reply.status(201);
    return service.createCustomField({ ctx, actor: actorOf(request), input: request.body });
  });
  app.patch('/api/v1/custom-fields/:id', { schema: { tags, summary: 'Change label, options or required (type and key are fixed)', params: idParam, body: updateCustomFieldBody } }, async (request) =>
    service.updateCustomField({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/custom-fields/:id', { schema: { tags, summary: 'Delete a custom field and its values', params: idParam } }, async (request, reply) => {
    await service.deleteCustomField({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
}
