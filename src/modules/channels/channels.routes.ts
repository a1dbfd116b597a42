import type { AppContext } from '../../context.js';
import { actorOf, type App } from '../../http/types.js';
import { channelParam, saveChannelBody } from './channels.schema.js';
import * as service from './channels.service.js';

export function channelsRoutes(app: App, ctx: AppContext): void {
  const tags = ['orders'];
  app.get('/api/v1/ecrm-channels', { schema: { tags, operationId: 'listEcrmChannels', summary: 'Shop and message-gateway webhooks: which are set up, and the URL to give each (needs orders:manage)' } }, async (request) =>
    service.listChannelSettings({ ctx, actor: actorOf(request) }),
  );
  app.put('/api/v1/ecrm-channels/:channel', { schema: { tags, operationId: 'saveEcrmChannel', summary: "Set a channel's webhook secret (stored encrypted) and, for message channels, its help-desk inbox", params: channelParam, body: saveChannelBody } }, async (request) =>
    service.saveChannelSettings({ ctx, actor: actorOf(request), channel: request.params.channel, input: request.body }),
  );
  app.delete('/api/v1/ecrm-channels/:channel', { schema: { tags, operationId: 'deleteEcrmChannel', summary: 'Remove a channel: its webhook is refused from then on', params: channelParam } }, async (request, reply) => {
    await service.deleteChannelSettings({ ctx, actor: actorOf(request), channel: request.params.channel });
    return reply.status(204).send();
  });
}
