import type { AppContext } from '../../context.js';
import { actorOf, type App } from '../../http/types.js';
import { exportContactsQuery } from './exports.schema.js';
import { exportContactsCsv } from './exports.service.js';

export function exportsRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/exports/contacts.csv', { schema: { tags: ['exports'], summary: 'Contacts as CSV (UTF-8 with BOM); takes the filters and sort of GET /contacts', querystring: exportContactsQuery } }, async (request, reply) => {
    const { filename, stream } = await exportContactsCsv({ ctx, actor: actorOf(request), query: request.query });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
  });
}
