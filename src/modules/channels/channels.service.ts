import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { EcrmChannel } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { openSecret, sealSecret } from '../../lib/secret-box.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { findInbox } from '../tickets/inboxes.repo.js';
import * as repo from './channels.repo.js';
import { ECRM_CHANNELS, MESSAGE_CHANNELS, type SaveChannelInput } from './channels.schema.js';

const PURPOSE = 'ecrm-channel-webhook';
const isMessageChannel = (c: EcrmChannel) => (MESSAGE_CHANNELS as readonly string[]).includes(c);
const hookPath = (c: EcrmChannel, ws: number) => `${isMessageChannel(c) ? `/hooks/messages/${c}` : `/hooks/orders/${c}`}?workspace=${ws}`;

/** Every channel with whether it is set up and the URL to give the shop or gateway; never a secret. */
export async function listChannelSettings(options: { ctx: AppContext; actor: Actor }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'orders:manage');
  const saved = new Map((await repo.listChannels(ctx.db, actor.workspaceId)).map((r) => [r.channel, r]));
  return {
    data: ECRM_CHANNELS.map((channel) => ({
      channel, configured: saved.has(channel), inboxId: saved.get(channel)?.inbox_id ?? null, updatedAt: saved.get(channel)?.updated_at ?? null,
      webhookPath: hookPath(channel, actor.workspaceId),
    })),
  };
}

/**
 * Sets a channel's secret (sealed with the instance secret) and, for message channels, its
 * inbox. The first save without a secret generates one, returned this once.
 */
export async function saveChannelSettings(options: { ctx: AppContext; actor: Actor; channel: EcrmChannel; input: SaveChannelInput }) {
  const { ctx, actor, channel, input } = options;
  requirePermission(actor, 'orders:manage');
  if (input.inboxId != null) {
    if (!isMessageChannel(channel)) throw AppError.invalid({ path: 'inboxId', message: `${channel} sends orders, not messages: it has no inbox` });
    if (!(await findInbox(ctx.db, actor.workspaceId, input.inboxId))) throw AppError.invalid({ path: 'inboxId', message: `inbox ${input.inboxId} does not exist in this workspace` });
  }
  const existing = await repo.findChannel(ctx.db, actor.workspaceId, channel);
  const generated = !input.secret && !existing ? randomBytes(24).toString('base64url') : undefined;
  const secret = input.secret ?? generated;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.saveChannel(trx, actor.workspaceId, channel, {
      ...(secret ? { secret_sealed: sealSecret(ctx.secret, PURPOSE, secret) } : {}),
      ...(input.inboxId !== undefined ? { inbox_id: input.inboxId } : {}),
    });
    await insertAudit(trx, actor, { entity: 'ecrm_channel', entityId: null, action: existing ? 'update' : 'create', after: { channel, secretChanged: Boolean(secret), inboxId: input.inboxId } });
  });
  const saved = (await listChannelSettings({ ctx, actor })).data.find((c) => c.channel === channel)!;
  return { ...saved, ...(generated ? { secret: generated } : {}) };
}

export async function deleteChannelSettings(options: { ctx: AppContext; actor: Actor; channel: EcrmChannel }): Promise<void> {
  const { ctx, actor, channel } = options;
  requirePermission(actor, 'orders:manage');
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.deleteChannel(trx, actor.workspaceId, channel))) throw AppError.notFound('Channel settings');
    await insertAudit(trx, actor, { entity: 'ecrm_channel', entityId: null, action: 'delete', before: { channel } });
  });
}

/** The channel's secret and inbox for a webhook, or null when the workspace has not set it up. */
export async function channelForHook(ctx: AppContext, workspaceId: number, channel: EcrmChannel): Promise<{ secret: string; inboxId: number | null } | null> {
  const row = await repo.findChannel(ctx.db, workspaceId, channel);
  return row ? { secret: openSecret(ctx.secret, PURPOSE, row.secret_sealed), inboxId: row.inbox_id } : null;
}

/** Who a webhook acts as in the audit log and on the timeline. */
export const hookActor = (workspaceId: number, channel: EcrmChannel): Actor => ({ workspaceId, role: 'admin', userId: null, apiKeyId: null, label: `webhook:${channel}` });
