import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, pageQuery, type App } from '../../http/types.js';
import * as service from './notes.service.js';

export function notesRoutes(app: App, ctx: AppContext): void {
  const body = z.object({ body: z.string().trim().min(1, 'must not be empty').max(50_000) });
  const query = z.object(pageQuery);
  for (const [path, key] of [['contacts', 'contactId'], ['companies', 'companyId']] as const) {
    const subject = (id: number) => (key === 'contactId' ? { contactId: id } : { companyId: id });
    const noun = key === 'contactId' ? 'contact' : 'company';
    app.get(`/api/v1/${path}/:id/notes`, { schema: { tags: ['notes'], summary: `Notes on a ${noun}, newest first`, params: idParam, querystring: query } }, async (request) =>
      service.listNotes({ ctx, actor: actorOf(request), subject: subject(request.params.id), ...request.query }),
    );
    app.post(`/api/v1/${path}/:id/notes`, { schema: { tags: ['notes'], summary: `Add a note to a ${noun}`, params: idParam, body } }, async (request, reply) => {
      reply.status(201);
      return service.addNote({ ctx, actor: actorOf(request), subject: subject(request.params.id), body: request.body.body });
    });
  }
  app.delete('/api/v1/notes/:id', { schema: { tags: ['notes'], summary: 'Delete a note', params: idParam } }, async (request, reply) => {
    await service.deleteNote({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
}
