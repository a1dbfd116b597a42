import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { createFormBody, formPageQuery, updateFormBody } from './forms.schema.js';
import * as service from './forms.service.js';

export function formsRoutes(app: App, ctx: AppContext): void {
  const tags = ['forms'];
  app.get('/api/v1/forms', { schema: { tags, summary: 'Sign-up forms (keyset by id)', querystring: formPageQuery } }, async (request) =>
    service.listForms({ ctx, actor: actorOf(request), ...request.query }),
  );
  app.post('/api/v1/forms', { schema: { tags, summary: 'Create a sign-up form', body: createFormBody } }, async (request, reply) => {
    reply.status(201);
    return service.createForm({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/forms/:id', { schema: { tags, summary: 'Get a sign-up form', params: idParam } }, async (request) =>
    service.getForm({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/forms/:id', { schema: { tags, summary: 'Change a sign-up form', params: idParam, body: updateFormBody } }, async (request) =>
    service.updateForm({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/forms/:id', { schema: { tags, summary: 'Delete a sign-up form (its consents stay in the ledger)', params: idParam } }, async (request, reply) => {
    await service.deleteForm({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.get('/api/v1/forms/:id/embed', { schema: { tags, summary: 'The hosted URL and the HTML and script snippets to embed the form', params: idParam } }, async (request) =>
    service.formEmbed({ ctx, actor: actorOf(request), id: request.params.id }),
  );
}
