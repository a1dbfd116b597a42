import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { contactWebActivity, eventsBody, ingestResult } from './events.schema.js';
import { ingestApiEvents } from './events.service.js';
import { getContactWebActivity } from './web-activity.service.js';

export function eventsRoutes(app: App, ctx: AppContext): void {
  const tags = ['events'];
  app.post('/api/v1/events', {
    bodyLimit: 5 * 1024 * 1024,
    schema: {
      tags, operationId: 'ingestEvents', summary: 'Send a batch of events (up to 1,000)', body: eventsBody,
      description: 'Each event is checked on its own: the good ones are stored and the bad ones listed in `rejected` with their index and reason. Idempotent by `eventId` (with its timestamp): a replay is counted in `duplicates` and changes nothing. Past timestamps are accepted (backfill, up to 5 years); more than 5 minutes ahead is refused. An event names its person by `anonymousId`, `userId` (with `source`) and/or `email`; `identify` joins an anonymous id to the person. 200 when every event was taken, 207 when some were rejected, 400 when all were; 413 over 1,000 events.',
      // 400 is also the usual error body when the request itself is malformed.
      response: { 200: ingestResult, 207: ingestResult, 400: z.union([ingestResult, z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) })]) },
    },
  }, async (request, reply) => {
    const result = await ingestApiEvents({ ctx, actor: actorOf(request), events: request.body.events });
    return reply.status(result.rejected.length === 0 ? 200 : result.accepted + result.duplicates > 0 ? 207 : 400).send(result);
  });
  app.get('/api/v1/contacts/:id/web-activity', {
    schema: { tags, operationId: 'getContactWebActivity', summary: "The contact's web sessions with their pages, first and last seen", params: idParam, response: { 200: contactWebActivity } },
  }, async (request) => getContactWebActivity({ ctx, actor: actorOf(request), contactId: request.params.id }));
}
