import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { listNotificationsQuery, preferencesBody } from './notifications.schema.js';
import * as service from './notifications.service.js';

export function notificationsRoutes(app: App, ctx: AppContext): void {
  const tags = ['notifications'];
  app.get('/api/v1/notifications', { schema: { tags, summary: "The current user's in-app notifications, newest first, with the unread count", querystring: listNotificationsQuery } }, async (request) =>
    service.listNotifications({ ctx, actor: actorOf(request), query: request.query }),
  );
  app.post('/api/v1/notifications/:id/read', { schema: { tags, summary: 'Mark one notification read', params: idParam } }, async (request) =>
    service.markNotificationRead({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.post('/api/v1/notifications/read-all', { schema: { tags, summary: 'Mark every notification read' } }, async (request) =>
    service.markAllNotificationsRead({ ctx, actor: actorOf(request) }),
  );
  app.get('/api/v1/notifications/preferences', { schema: { tags, summary: "The current user's notification preferences" } }, async (request) =>
    service.getNotificationPreferences({ ctx, actor: actorOf(request) }),
  );
  app.patch('/api/v1/notifications/preferences', { schema: { tags, summary: 'Choose whether task reminders are also emailed', body: preferencesBody } }, async (request) =>
    service.updateNotificationPreferences({ ctx, actor: actorOf(request), emailReminders: request.body.emailReminders }),
  );
}
