import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { newToken } from '../../lib/crypto.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { findInbox } from '../tickets/inboxes.repo.js';
import * as repo from './chat.repo.js';
import type { WidgetInput, WidgetPatch } from './chat.schema.js';

const present = (w: repo.WidgetRow) => ({
  id: w.id, inboxId: w.inbox_id, key: w.public_key, allowedOrigins: w.allowed_origins, greeting: w.greeting, colors: w.colors, position: w.position, createdAt: w.created_at,
});

export async function listChatWidgets(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'tickets:manage');
  return { data: (await repo.listWidgets(options.ctx.db, options.actor.workspaceId)).map(present) };
}

/** A chat widget for an inbox (one per inbox): its key goes into the embed's script tag. */
export async function createChatWidget(options: { ctx: AppContext; actor: Actor; input: WidgetInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'tickets:manage');
  const ws = actor.workspaceId;
  if (!(await findInbox(ctx.db, ws, input.inboxId))) throw AppError.invalid({ path: 'inboxId', message: 'no such inbox' });
  if (await repo.widgetOfInbox(ctx.db, ws, input.inboxId)) throw AppError.conflict('This inbox already has a chat widget');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const widgetId = await repo.insertWidget(trx, ws, newToken('wk_'), input);
    await insertAudit(trx, actor, { entity: 'chat_widget', entityId: widgetId, action: 'create', after: input });
    return widgetId;
  });
  return present((await repo.findWidget(ctx.db, ws, id))!);
}

export async function updateChatWidget(options: { ctx: AppContext; actor: Actor; id: number; input: WidgetPatch }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'tickets:manage');
  const ws = actor.workspaceId;
  if (input.inboxId) {
    if (!(await findInbox(ctx.db, ws, input.inboxId))) throw AppError.invalid({ path: 'inboxId', message: 'no such inbox' });
    const taken = await repo.widgetOfInbox(ctx.db, ws, input.inboxId);
    if (taken && taken.id !== id) throw AppError.invalid({ path: 'inboxId', message: 'this inbox already has a chat widget' });
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateWidget(trx, actor.workspaceId, id, input))) throw AppError.notFound('Chat widget');
    await insertAudit(trx, actor, { entity: 'chat_widget', entityId: id, action: 'update', after: input });
  });
  return present((await repo.findWidget(ctx.db, actor.workspaceId, id))!);
}

export async function deleteChatWidget(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'tickets:manage');
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.deleteWidget(trx, actor.workspaceId, id))) throw AppError.notFound('Chat widget');
    await insertAudit(trx, actor, { entity: 'chat_widget', entityId: id, action: 'delete' });
  });
}
