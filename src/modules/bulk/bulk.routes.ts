import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { segmentToListBody, startBulkBody } from './bulk.schema.js';
import * as service from './bulk.service.js';

export function bulkRoutes(app: App, ctx: AppContext): void {
  const tags = ['bulk'];
  app.post('/api/v1/bulk/contacts', {
    schema: {
      tags, operationId: 'startContactsBulkOperation', summary: 'Tag, untag, assign, list, segment, export or delete many contacts',
      description: 'Selects contacts by id (up to 1,000) or by the contacts list query (up to 200,000), then applies one action. Up to 500 contacts run at once (201, status done); more are queued (202): poll the operation for progress. One audit entry per operation. A delete can be undone until undoUntil.',
      body: startBulkBody,
    },
  }, async (request, reply) => {
    const op = await service.startBulkOperation({ ctx, actor: actorOf(request), input: request.body });
    reply.status(op.status === 'queued' ? 202 : 201);
    return op;
  });
  app.get('/api/v1/bulk-operations/:id', {
    schema: { tags, operationId: 'getBulkOperation', summary: 'A bulk operation and its progress', description: 'processed of total contacts, the status and the counts so far.', params: idParam },
  }, async (request) => service.getBulkOperation({ ctx, actor: actorOf(request), id: request.params.id }));
  app.post('/api/v1/bulk-operations/:id/undo', {
    schema: { tags, operationId: 'undoBulkDelete', summary: 'Undo a bulk delete', description: 'Restores the contacts of a bulk delete while its undo window is open; 409 after it closed.', params: idParam },
  }, async (request) => service.undoBulkDelete({ ctx, actor: actorOf(request), id: request.params.id }));
  app.get('/api/v1/bulk-operations/:id/export.csv', {
    schema: { tags, operationId: 'downloadBulkExport', summary: 'The CSV of a bulk export', description: 'The selected contacts with the columns of GET /exports/contacts.csv.', params: idParam },
  }, async (request, reply) => {
    const { filename, stream } = await service.exportBulkOperation({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
  });
  app.post('/api/v1/bulk/segment-to-list', {
    schema: {
      tags, operationId: 'turnSegmentIntoList', summary: 'Turn a segment into a list',
      description: 'Adds every contact of the segment to a list, creating it when a name is given, as one bulk operation (subject to the list consent rules).',
      body: segmentToListBody,
    },
  }, async (request, reply) => {
    const op = await service.segmentToList({ ctx, actor: actorOf(request), input: request.body });
    reply.status(op.status === 'queued' ? 202 : 201);
    return op;
  });
}
