import type { Executor } from '../../db/executor.js';
import type { BounceClass, EmailEventType } from '../../db/schema-email.js';

/** What a bounce or complaint is about: a campaign recipient or a transactional message (or only an address). */
export interface ReportTarget {
  workspaceId: number;
  campaignId: number | null;
  recipientId: number | null;
  transactionalId: number | null;
  contactId: number | null;
  email: string;
  accountId: number | null;
  sendingDomain: string | null;
  bouncedAt: Date | null;
  complainedAt: Date | null;
}

const domainOf = (address: string | null | undefined) => (address?.includes('@') ? address.split('@').pop()!.toLowerCase() : null);

const recipientTarget = (db: Executor, workspaceId: number) => db.selectFrom('campaign_recipients as r')
  .innerJoin('campaigns as c', (j) => j.onRef('c.id', '=', 'r.campaign_id').on('c.workspace_id', '=', workspaceId))
  .select(['r.id', 'r.campaign_id', 'r.contact_id', 'r.email', 'r.account_id', 'r.bounced_at', 'r.complained_at', 'c.from_email'])
  .where('r.workspace_id', '=', workspaceId);

type RecipientRow = { id: number; campaign_id: number; contact_id: number | null; email: string; account_id: number | null; bounced_at: Date | null; complained_at: Date | null; from_email: string };
const fromRecipient = (workspaceId: number, r: RecipientRow | undefined): ReportTarget | null => r ? {
  workspaceId, campaignId: Number(r.campaign_id), recipientId: Number(r.id), transactionalId: null, contactId: r.contact_id === null ? null : Number(r.contact_id),
  email: r.email, accountId: r.account_id === null ? null : Number(r.account_id), sendingDomain: domainOf(r.from_email), bouncedAt: r.bounced_at, complainedAt: r.complained_at,
} : null;

export async function campaignRecipientTarget(db: Executor, workspaceId: number, recipientId: number): Promise<ReportTarget | null> {
  return fromRecipient(workspaceId, await recipientTarget(db, workspaceId).where('r.id', '=', recipientId).executeTakeFirst());
}

/** Webhooks name the Message-ID we sent (campaign_recipients_message_idx). */
export async function targetByMessageId(db: Executor, workspaceId: number, messageId: string): Promise<ReportTarget | null> {
  const r = await recipientTarget(db, workspaceId).where('r.message_id', 'in', [messageId, `<${messageId}>`]).executeTakeFirst();
  if (r) return fromRecipient(workspaceId, r);
  const t = await transactionalQuery(db, workspaceId).where('message_id', 'in', [messageId, `<${messageId}>`]).executeTakeFirst();
  return fromTransactional(workspaceId, t);
}

/**
 * A provider that names only the address: the newest campaign recipient sent to it in the last
 * 30 days (campaign_recipients_contact_idx is no help without a contact; the (campaign_id, email)
 * key serves each recent campaign of the workspace, of which there are few).
 */
export async function targetByEmail(db: Executor, workspaceId: number, email: string): Promise<ReportTarget | null> {
  const since = new Date(Date.now() - 30 * 86_400_000);
  const r = await recipientTarget(db, workspaceId).where('r.email', '=', email).where('c.started_at', '>', since)
    .orderBy('r.id', 'desc').limit(1).executeTakeFirst();
  return fromRecipient(workspaceId, r);
}

const transactionalQuery = (db: Executor, workspaceId: number) => db.selectFrom('transactional_messages')
  .select(['id', 'contact_id', 'email']).where('workspace_id', '=', workspaceId);
function fromTransactional(workspaceId: number, t: { id: number; contact_id: number | null; email: string } | undefined): ReportTarget | null {
  return t ? { workspaceId, campaignId: null, recipientId: null, transactionalId: Number(t.id), contactId: t.contact_id === null ? null : Number(t.contact_id), email: t.email, accountId: null, sendingDomain: null, bouncedAt: null, complainedAt: null } : null;
}
export async function transactionalTarget(db: Executor, workspaceId: number, id: number): Promise<ReportTarget | null> {
  return fromTransactional(workspaceId, await transactionalQuery(db, workspaceId).where('id', '=', id).executeTakeFirst());
}

/** Whether this transactional message already has a report of this kind (a retried DSN or webhook). */
export async function transactionalReported(db: Executor, workspaceId: number, transactionalId: number, kind: 'bounce' | 'complaint'): Promise<boolean> {
  const row = await db.selectFrom('email_bounces').select('id').where('workspace_id', '=', workspaceId)
    .where('transactional_id', '=', transactionalId).where('kind', '=', kind).executeTakeFirst();
  return row !== undefined;
}

export interface BounceWrite {
  kind: 'bounce' | 'complaint';
  class: BounceClass;
  statusCode: string | null;
  reason: string;
  diagnostic: string | null;
  remoteMta: string | null;
  source: string;
  occurredAt: Date;
}

export async function insertBounce(db: Executor, t: ReportTarget, w: BounceWrite) {
  return db.insertInto('email_bounces').values({
    workspace_id: t.workspaceId, campaign_id: t.campaignId, recipient_id: t.recipientId, transactional_id: t.transactionalId, contact_id: t.contactId,
    email: t.email, kind: w.kind, class: w.class, status_code: w.statusCode, reason: w.reason, diagnostic: w.diagnostic, remote_mta: w.remoteMta,
    source: w.source, sending_domain: t.sendingDomain, account_id: t.accountId, occurred_at: w.occurredAt,
  }).returning('id').executeTakeFirstOrThrow();
}

export async function insertEmailEvent(db: Executor, t: ReportTarget, type: EmailEventType, occurredAt: Date) {
  await db.insertInto('email_events').values({
    workspace_id: t.workspaceId, campaign_id: t.campaignId, recipient_id: t.recipientId, transactional_id: t.transactionalId, contact_id: t.contactId, type, occurred_at: occurredAt,
  }).execute();
}

export async function markRecipient(db: Executor, t: ReportTarget, kind: 'bounce' | 'complaint', cls: BounceClass, at: Date) {
  if (t.recipientId === null) return;
  const set = kind === 'bounce' ? { bounced_at: at, bounce_class: cls } : { complained_at: at };
  await db.updateTable('campaign_recipients').set(set).where('workspace_id', '=', t.workspaceId).where('id', '=', t.recipientId).execute();
}

/**
 * Whether the address's last `limit` bounces were all soft and all came after its last open or
 * click (an engaged reader's mailbox works): "N soft bounces in a row". Plan: email_bounces_email_idx
 * walked newest first for `limit` rows; campaign_recipients_contact_idx for the engagement.
 */
export async function softStreakReached(db: Executor, t: ReportTarget, limit: number): Promise<boolean> {
  const last = await db.selectFrom('email_bounces').select(['class', 'occurred_at']).where('workspace_id', '=', t.workspaceId)
    .where('email', '=', t.email).where('kind', '=', 'bounce').orderBy('occurred_at', 'desc').limit(limit).execute();
  if (last.length < limit || last.some((b) => b.class !== 'soft')) return false;
  if (t.contactId === null) return true;
  const engaged = await db.selectFrom('campaign_recipients').select((eb) => eb.fn.max(eb.fn.coalesce('clicked_at', 'opened_at')).as('at'))
    .where('workspace_id', '=', t.workspaceId).where('contact_id', '=', t.contactId).executeTakeFirst();
  const at = engaged?.at ? new Date(engaged.at as Date) : null;
  return !at || last.every((b) => b.occurred_at > at);
}
