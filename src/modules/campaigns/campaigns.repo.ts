import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { DB } from '../../db/schema.js';

export type CampaignWrite = Updateable<DB['campaigns']>;

const columns = ['id', 'workspace_id', 'name', 'status', 'subject', 'preheader', 'from_name', 'from_email', 'reply_to', 'template_id', 'list_ids',
  'include_segment_ids', 'exclude_segment_ids', 'scheduled_at', 'time_zone', 'started_at', 'finished_at', 'recipient_count', 'created_by', 'created_at', 'updated_at'] as const;

export function findCampaign(db: Executor, workspaceId: number, id: number, lock = false) {
  let q = db.selectFrom('campaigns').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}
export type CampaignRow = NonNullable<Awaited<ReturnType<typeof findCampaign>>>;

/** Newest first, keyset by id (campaigns_ws_idx). */
export function campaignsPage(db: Executor, o: { workspaceId: number; beforeId?: number; limit: number; status?: string }) {
  let q = db.selectFrom('campaigns').select(columns).where('workspace_id', '=', o.workspaceId);
  if (o.status) q = q.where('status', '=', o.status as never);
  if (o.beforeId) q = q.where('id', '<', o.beforeId);
  return q.orderBy('id', 'desc').limit(o.limit + 1).execute();
}

export async function insertCampaign(db: Executor, row: Insertable<DB['campaigns']>): Promise<number> {
  const r = await db.insertInto('campaigns').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateCampaign(db: Executor, workspaceId: number, id: number, write: CampaignWrite) {
  await db.updateTable('campaigns').set({ ...write, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteCampaign(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('campaigns').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export function findTemplate(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('email_templates').select(['id', 'name', 'mjml', 'subject', 'preheader']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Verified sending domains of a workspace, lower-cased (sending_domains_ws_domain_key). */
export async function verifiedDomains(db: Executor, workspaceId: number, domains: string[]): Promise<Set<string>> {
  if (domains.length === 0) return new Set();
  const rows = await db.selectFrom('sending_domains').select('domain').where('workspace_id', '=', workspaceId)
    .where('verified_at', 'is not', null).execute();
  const wanted = new Set(domains.map((d) => d.toLowerCase()));
  return new Set(rows.map((r) => r.domain.toLowerCase()).filter((d) => wanted.has(d)));
}

export async function workspacePostalAddress(db: Executor, workspaceId: number): Promise<string | null> {
  const row = await db.selectFrom('workspaces').select('postal_address').where('id', '=', workspaceId).executeTakeFirst();
  return row?.postal_address?.trim() || null;
}

/** Scheduled campaigns whose time has come, oldest first (campaigns_due_idx), locked for the starter. */
export function dueCampaigns(db: Executor, now: Date, limit: number) {
  return db.selectFrom('campaigns').select(['id', 'workspace_id', 'created_by']).where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', now).orderBy('scheduled_at').limit(limit).execute();
}

export function userRole(db: Executor, workspaceId: number, userId: number) {
  return db.selectFrom('users').select(['id', 'email', 'role']).where('workspace_id', '=', workspaceId).where('id', '=', userId).executeTakeFirst();
}
