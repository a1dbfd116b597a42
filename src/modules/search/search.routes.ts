import type { AppContext } from '../../context.js';
import { actorOf, type App } from '../../http/types.js';
import { searchQuery } from './search.schema.js';
import { searchEverything } from './search.service.js';

export function searchRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/search', {
    schema: {
      tags: ['search'], operationId: 'searchEverything', summary: 'Search contacts, companies, deals and lists at once',
      description: 'The Ctrl/Cmd-K box: up to `limit` hits of each kind the caller may read, best match first. Deals follow the deal visibility rules.',
      querystring: searchQuery,
    },
  }, async (request) => searchEverything({ ctx, actor: actorOf(request), query: request.query }));
}
