import type { AppContext } from '../../context.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { mailTransport } from '../../mail/transport.js';
import type { Actor } from '../auth/permissions.js';
import * as repo from './notifications.repo.js';
import type { ListNotificationsQuery } from './notifications.schema.js';

/** Notifications belong to a person; an API key has none. Every user may read their own. */
function userOf(actor: Actor): number {
  if (!actor.userId) throw new AppError(ErrorCode.FORBIDDEN, 'Notifications belong to users; an API key has none');
  return actor.userId;
}

type Row = Awaited<ReturnType<typeof repo.listNotifications>>[number];
const present = (n: Row) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, read: n.read_at !== null, readAt: n.read_at, createdAt: n.created_at });

export async function listNotifications(options: { ctx: AppContext; actor: Actor; query: ListNotificationsQuery }) {
  const { ctx, actor, query } = options;
  const userId = userOf(actor);
  const beforeId = decodeIdCursor(query.cursor);
  const rows = await repo.listNotifications(ctx.db, { workspaceId: actor.workspaceId, userId, unread: query.unread, beforeId, limit: query.limit });
  const page = pageOf(rows, query.limit, (n) => [n.id]);
  return { data: page.data.map(present), nextCursor: page.nextCursor, unreadCount: await repo.countUnread(ctx.db, actor.workspaceId, userId) };
}

export async function markNotificationRead(options: { ctx: AppContext; actor: Actor; id: number }) {
  const row = await repo.markRead(options.ctx.db, options.actor.workspaceId, userOf(options.actor), options.id);
  if (!row) throw AppError.notFound('Notification');
  return present(row);
}

export async function markAllNotificationsRead(options: { ctx: AppContext; actor: Actor }) {
  return { marked: await repo.markAllRead(options.ctx.db, options.actor.workspaceId, userOf(options.actor)) };
}

export async function getNotificationPreferences(options: { ctx: AppContext; actor: Actor }) {
  const { ctx, actor } = options;
  const prefs = await repo.getPreferences(ctx.db, actor.workspaceId, userOf(actor));
  return { ...prefs, emailAvailable: mailTransport(ctx.config, ctx.log).enabled };
}

export async function updateNotificationPreferences(options: { ctx: AppContext; actor: Actor; emailReminders: boolean }) {
  const { ctx, actor } = options;
  await repo.savePreferences(ctx.db, actor.workspaceId, userOf(actor), { emailReminders: options.emailReminders });
  return getNotificationPreferences({ ctx, actor });
}
