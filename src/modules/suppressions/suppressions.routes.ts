import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { AppError } from '../../lib/app-error.js';
import { addSuppressionBody, suppressionsQuery } from './suppressions.schema.js';
import * as service from './suppressions.service.js';

export function suppressionsRoutes(app: App, ctx: AppContext): void {
  const tags = ['suppressions'];
  app.get('/api/v1/suppressions', { schema: { tags, summary: 'The suppression list, newest first (keyset by id)', querystring: suppressionsQuery } }, async (request) =>
    service.listSuppressions({ ctx, actor: actorOf(request), ...request.query }),
  );
  app.post('/api/v1/suppressions', { schema: { tags, summary: 'Suppress an address (no marketing email will reach it)', body: addSuppressionBody } }, async (request, reply) => {
    reply.status(201);
    return service.addSuppression({ ctx, actor: actorOf(request), input: request.body });
  });
  app.delete('/api/v1/suppressions/:id', { schema: { tags, summary: 'Lift a suppression (not an erasure)', params: idParam } }, async (request, reply) => {
    await service.removeSuppression({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.get('/api/v1/suppressions/export', { schema: { tags, summary: 'The suppression list as CSV (erased entries have no address)' } }, async (request, reply) => {
    const csv = await service.exportSuppressionsCsv({ ctx, actor: actorOf(request) });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="suppressions-${new Date().toISOString().slice(0, 10)}.csv"`).send(csv);
  });
  app.post('/api/v1/suppressions/import', { schema: { tags, summary: 'Import suppressions from a CSV (multipart part "file": email, optional reason, note)' } }, async (request) => {
    const actor = actorOf(request);
    if (!request.isMultipart()) throw AppError.invalid({ path: 'file', message: 'send the CSV as multipart/form-data in a part named "file"' });
    const file = await request.file();
    if (!file || file.fieldname !== 'file') throw AppError.invalid({ path: 'file', message: 'send the CSV in a part named "file"' });
    return service.importSuppressions({ ctx, actor, file: file.file });
  });
}
