import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { eraseContact, exportContactData } from './gdpr.service.js';

export function gdprRoutes(app: App, ctx: AppContext): void {
  const tags = ['gdpr'];
  app.get('/api/v1/contacts/:id/export', { schema: { tags, summary: 'Everything held about a contact as one JSON document (owner/admin)', params: idParam } }, async (request) =>
    exportContactData({ ctx, actor: actorOf(request), contactId: request.params.id }),
  );
  app.post('/api/v1/contacts/:id/erase', {
    schema: { tags, summary: 'Erase a contact: personal data removed, traces anonymised, address kept only as a suppression hash (owner/admin)', params: idParam, body: z.object({ confirm: z.literal(true, 'must be true: erasure cannot be undone') }) },
  }, async (request) => eraseContact({ ctx, actor: actorOf(request), contactId: request.params.id }));
}
