import type { Executor } from '../../db/executor.js';
import type { EcrmChannel } from '../../db/schema.js';

export function listChannels(db: Executor, workspaceId: number) {
  return db.selectFrom('ecrm_channels').select(['channel', 'inbox_id', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('channel').execute();
}

export function findChannel(db: Executor, workspaceId: number, channel: EcrmChannel) {
  return db.selectFrom('ecrm_channels').select(['channel', 'secret_sealed', 'inbox_id', 'updated_at'])
    .where('workspace_id', '=', workspaceId).where('channel', '=', channel).executeTakeFirst();
}

export async function saveChannel(db: Executor, workspaceId: number, channel: EcrmChannel, w: { secret_sealed?: string; inbox_id?: number | null }): Promise<void> {
  const existing = await findChannel(db, workspaceId, channel);
  if (existing) {
    await db.updateTable('ecrm_channels').set({ ...w, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('channel', '=', channel).execute();
  } else {
    await db.insertInto('ecrm_channels').values({ workspace_id: workspaceId, channel, secret_sealed: w.secret_sealed!, inbox_id: w.inbox_id ?? null }).execute();
  }
}

export async function deleteChannel(db: Executor, workspaceId: number, channel: EcrmChannel): Promise<boolean> {
  const r = await db.deleteFrom('ecrm_channels').where('workspace_id', '=', workspaceId).where('channel', '=', channel).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Records a delivery id; false when it was recorded before (a replay). Run in the transaction
 * that processes the delivery, so a failed one can be retried under the same id.
 */
export async function recordReceipt(db: Executor, workspaceId: number, channel: string, deliveryId: string): Promise<boolean> {
  const row = await db.insertInto('webhook_receipts').values({ workspace_id: workspaceId, channel, delivery_id: deliveryId })
    .onConflict((oc) => oc.columns(['workspace_id', 'channel', 'delivery_id']).doNothing()).returning('delivery_id').executeTakeFirst();
  return row !== undefined;
}
