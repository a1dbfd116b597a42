import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { createPipelineBody, lostReasonBody, updatePipelineBody } from './pipelines.schema.js';
import * as service from './pipelines.service.js';

export function pipelinesRoutes(app: App, ctx: AppContext): void {
  const tags = ['pipelines'];
  app.get('/api/v1/pipelines', { schema: { tags, summary: 'Pipelines with their stages in board order' } }, async (request) =>
    service.listPipelines({ ctx, actor: actorOf(request) }),
  );
  app.post('/api/v1/pipelines', { schema: { tags, summary: 'Create a pipeline with its ordered stages', body: createPipelineBody } }, async (request, reply) => {
    reply.status(201);
    return service.createPipeline({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/pipelines/:id', { schema: { tags, summary: 'Get a pipeline and its stages', params: idParam } }, async (request) =>
    service.getPipeline({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/pipelines/:id', { schema: { tags, summary: 'Rename a pipeline; rename, re-weight, reorder, add or remove stages', params: idParam, body: updatePipelineBody } }, async (request) =>
    service.updatePipeline({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/pipelines/:id', { schema: { tags, summary: 'Delete a pipeline that holds no deals (409 otherwise)', params: idParam } }, async (request, reply) => {
    await service.deletePipeline({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.get('/api/v1/lost-reasons', { schema: { tags, summary: 'The editable list of reasons a deal is lost' } }, async (request) =>
    service.listLostReasons({ ctx, actor: actorOf(request) }),
  );
  app.post('/api/v1/lost-reasons', { schema: { tags, summary: 'Add a lost reason', body: lostReasonBody } }, async (request, reply) => {
    reply.status(201);
    return service.createLostReason({ ctx, actor: actorOf(request), label: request.body.label });
  });
  app.patch('/api/v1/lost-reasons/:id', { schema: { tags, summary: 'Rename a lost reason', params: idParam, body: lostReasonBody } }, async (request) =>
    service.updateLostReason({ ctx, actor: actorOf(request), id: request.params.id, label: request.body.label }),
  );
  app.delete('/api/v1/lost-reasons/:id', { schema: { tags, summary: 'Remove a lost reason (deals lost for it keep their status)', params: idParam } }, async (request, reply) => {
    await service.deleteLostReason({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
}
