import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { CampaignStatus } from '../../db/schema-email.js';
import type { AudienceQuery } from '../campaigns/audience-query.js';

export function findCampaign(db: Executor, workspaceId: number, id: number, lock = false) {
  let q = db.selectFrom('campaigns').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}
export type CampaignRow = NonNullable<Awaited<ReturnType<typeof findCampaign>>>;

export async function setCampaignStatus(db: Executor, workspaceId: number, id: number, status: CampaignStatus, extra: { started_at?: Date; finished_at?: Date; compiled_html?: string; recipient_count?: number } = {}) {
  await db.updateTable('campaigns').set({ status, updated_at: new Date(), ...extra }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Rows of a frozen campaign after `afterId`, for the refusal pass (the walk index, in id order). */
export function recipientsAfter(db: Executor, workspaceId: number, campaignId: number, afterId: number, limit: number) {
  return db.selectFrom('campaign_recipients').select(['id', 'email']).where('workspace_id', '=', workspaceId).where('campaign_id', '=', campaignId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function skipRecipients(db: Executor, workspaceId: number, campaignId: number, ids: number[], reason: string) {
  if (ids.length === 0) return;
  await db.updateTable('campaign_recipients').set({ status: 'skipped', last_error: reason }).where('workspace_id', '=', workspaceId).where('campaign_id', '=', campaignId).where('id', 'in', ids).execute();
}

export async function countRecipients(db: Executor, workspaceId: number, campaignId: number): Promise<number> {
  const row = await db.selectFrom('campaign_recipients').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId).where('campaign_id', '=', campaignId).where('status', '!=', 'skipped').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A cancelled campaign's unsent rows: skipped, so the walk index forgets them and reports count them apart. */
export async function skipUnsent(db: Executor, workspaceId: number, campaignId: number) {
  await db.updateTable('campaign_recipients').set({ status: 'skipped', last_error: 'cancelled' })
    .where('workspace_id', '=', workspaceId).where('campaign_id', '=', campaignId).where('status', '=', 'queued').execute();
}

export interface ClaimedRecipient {
  id: number;
  contact_id: number | null;
  email: string;
  domain: string;
  list_id: number | null;
  attempts: number;
}

/**
 * Claims up to `limit` recipients for one worker: rows queued and due (a 4xx retry waits for
 * next_attempt_at) or left `sending` by a worker whose lease ran out (it crashed), after
 * `afterId` in id order. FOR UPDATE SKIP LOCKED lets several processes claim at once without
 * waiting for or taking each other's rows; the claim commits `sending` with a lease before any
 * message goes out. Plan: campaign_recipients_walk_idx (campaign_id, id) where status in
 * ('queued','sending'), a range scan from the checkpoint; sent rows leave the partial index.
 */
export async function claimRecipients(db: Executor, o: { workspaceId: number; campaignId: number; afterId: number; limit: number; leaseSeconds: number }): Promise<ClaimedRecipient[]> {
  const { rows } = await sql<ClaimedRecipient>`
    update campaign_recipients r set status = 'sending', attempts = r.attempts + 1,
      claimed_until = now() + make_interval(secs => ${o.leaseSeconds})
    from (
      select id from campaign_recipients
      where workspace_id = ${o.workspaceId} and campaign_id = ${o.campaignId} and id > ${o.afterId} and status in ('queued', 'sending')
        and ((status = 'queued' and (next_attempt_at is null or next_attempt_at <= now()))
          or (status = 'sending' and claimed_until < now()))
      order by id limit ${o.limit}
      for update skip locked
    ) picked
    where r.id = picked.id
    returning r.id, r.contact_id, r.email, r.domain, r.list_id, r.attempts`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), contact_id: r.contact_id === null ? null : Number(r.contact_id), list_id: r.list_id === null ? null : Number(r.list_id) }));
}

export async function saveCheckpoint(db: Executor, workspaceId: number, campaignId: number, id: number) {
  await db.updateTable('campaigns').set({ send_checkpoint: sql`greatest(send_checkpoint, ${id})` }).where('workspace_id', '=', workspaceId).where('id', '=', campaignId).execute();
}

export interface SentRow { id: number; messageId: string; accountId: number | null }

/**
 * Commits a group of accepted messages as sent in one statement (the state the crash test counts).
 * Plan: primary-key lookups of the group's ids (`id = any(…)`), joined to their message ids. The
 * explicit id list matters: joining on the recordset alone lets the planner, which believes few
 * rows are `sending`, scan every queued row of the workspace for each group.
 */
export async function markSent(db: Executor, workspaceId: number, rows: SentRow[]) {
  if (rows.length === 0) return;
  const data = JSON.stringify(rows.map((r) => ({ id: r.id, m: r.messageId, a: r.accountId })));
  const ids = `{${rows.map((r) => r.id).join(',')}}`;
  await sql`update campaign_recipients r set status = 'sent', sent_at = now(), message_id = x.m, account_id = x.a, claimed_until = null, last_error = null
    from jsonb_to_recordset(${data}::jsonb) as x(id bigint, m text, a bigint)
    where r.id = any(${ids}::bigint[]) and r.id = x.id and r.workspace_id = ${workspaceId} and r.status = 'sending'`.execute(db);
}

export async function markFailed(db: Executor, workspaceId: number, id: number, error: string) {
  await db.updateTable('campaign_recipients').set({ status: 'failed', last_error: error.slice(0, 1000), claimed_until: null }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** A 4xx answer: back to queued, due again after the backoff. */
export async function markRetry(db: Executor, workspaceId: number, id: number, error: string, retryAt: Date) {
  await db.updateTable('campaign_recipients').set({ status: 'queued', last_error: error.slice(0, 1000), next_attempt_at: retryAt, claimed_until: null }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Gives back rows a stopping worker claimed but did not send (pause, cancel, shutdown). */
export async function releaseClaims(db: Executor, workspaceId: number, ids: number[]) {
  if (ids.length === 0) return;
  await db.updateTable('campaign_recipients').set({ status: 'queued', claimed_until: null, attempts: sql`greatest(attempts - 1, 0)` })
    .where('workspace_id', '=', workspaceId).where('id', 'in', ids).where('status', '=', 'sending').execute();
}

/** What is left: rows still to send now, and the earliest retry time of the rest. */
export async function remaining(db: Executor, workspaceId: number, campaignId: number) {
  const row = await db.selectFrom('campaign_recipients')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('next_attempt_at').as('next')])
    .where('workspace_id', '=', workspaceId).where('campaign_id', '=', campaignId).where('status', 'in', ['queued', 'sending']).executeTakeFirstOrThrow();
  return { count: Number(row.n), next: row.next as Date | null };
}

/** Finishes a campaign whose rows are all settled; false if another worker still has some. */
export async function finishCampaign(db: Executor, workspaceId: number, campaignId: number): Promise<boolean> {
  const res = await sql`update campaigns set status = 'sent', finished_at = now(), updated_at = now()
    where workspace_id = ${workspaceId} and id = ${campaignId} and status = 'sending'
      and not exists (select 1 from campaign_recipients where campaign_id = ${campaignId} and status in ('queued', 'sending'))`.execute(db);
  return Number(res.numAffectedRows ?? 0) > 0;
}

/** Across workspaces on purpose: boot recovery re-enqueues every interrupted send (campaigns is small). */
export function campaignsSending(db: Executor) {
  return db.selectFrom('campaigns').select(['id', 'workspace_id']).where('status', '=', 'sending').execute();
}

export async function sendProgress(db: Executor, workspaceId: number, campaignId: number) {
  const rows = await db.selectFrom('campaign_recipients').select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('workspace_id', '=', workspaceId).where('campaign_id', '=', campaignId).groupBy('status').execute();
  const out = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/**
 * The freeze: one INSERT … SELECT of the whole audience query, one row per address
 * (campaign_recipients_once_key), in contact order so the walk's keyset follows the table.
 */
export async function freezeRecipients(db: Executor, workspaceId: number, campaignId: number, audience: AudienceQuery) {
  const source = audience.as('a');
  await db.insertInto('campaign_recipients')
    .columns(['workspace_id', 'campaign_id', 'contact_id', 'email', 'domain', 'list_id'])
    .expression((eb) => eb.selectFrom(source).select((s) => [
      s.val(workspaceId).as('workspace_id'), s.val(campaignId).as('campaign_id'), 'a.contact_id', 'a.email', 'a.domain', 'a.list_id',
    ]).orderBy('a.contact_id'))
    .onConflict((oc) => oc.columns(['campaign_id', 'email']).doNothing())
    .execute();
}

/**
 * Fresh statistics after a big freeze: the send loop's statements (claim, markSent) are planned
 * against campaign_recipients, and with the rows just inserted unknown to the planner it picks
 * bitmap scans over every queued row of the workspace per statement instead of primary-key
 * lookups. PGlite has no autovacuum, and on PostgreSQL it comes too late for a send starting now.
 */
export async function analyzeRecipients(db: Executor) {
  await sql`analyze campaign_recipients`.execute(db);
}
