import type { AppContext } from '../../context.js';
import { GroupCommit } from '../../lib/group-commit.js';
import type { RawTransport } from '../../mail/smtp-pool.js';
import { loadCampaignLinks } from '../tracking/tracking.repo.js';
import { BatchSender, eachLimited, MAX_ATTEMPTS, retryDelayMs } from './batch-sender.js';
import { openCampaignComposer, type CampaignComposer } from './compose-pool.js';
import { loadRenderContacts, loadWorkspaceData, senderOf, type Composed } from './compose.js';
import * as repo from './delivery.repo.js';
import { CAMPAIGN_SEND_QUEUE, type CampaignSendJob } from './delivery.service.js';
import { loadSendingIdentity, type DkimKey, type SendingAccount } from './sending-identity.js';
import type { CampaignSetup } from './campaign-message.js';

/**
 * Accepted messages not yet committed `sent` (the group being written included) before lanes wait
 * for the commit too: what a kill -9 can re-send, plus the messages in flight. The pipelined SMTP
 * pool accepts faster than a loaded database commits, so the write running must count as well.
 */
const UNCOMMITTED = 150;
/** At most one `sent` commit per this many ms: each carries the accepts of the interval (see GroupCommit). */
const COMMIT_SPACING_MS = 20;

export interface SendRunOptions {
  signal?: AbortSignal;
  /** Swaps the SMTP pools (benches, tests); production uses pipelined SMTP pools (smtp-pool.ts). */
  transportFor?: (a: SendingAccount) => RawTransport;
}

interface Run {
  ctx: AppContext;
  job: CampaignSendJob;
  smtp: BatchSender;
  composer: CampaignComposer;
  /** Accepted messages, committed `sent` together (one statement for all that piled up meanwhile). */
  sent: GroupCommit<repo.SentRow>;
  /** Accepted and not yet committed, whether queued for a write or in the one running. */
  uncommitted: number;
}

/**
 * One send lane of a campaign: claims batches (FOR UPDATE SKIP LOCKED, with a lease) from the
 * checkpoint on, one batch ahead of the one it sends, renders, signs and sends each, and commits
 * every recipient's state as it changes. Stops when the campaign is paused or cancelled, when its
 * job is interrupted, or when nothing is left; the lane that sees the last row settle marks the
 * campaign sent.
 *
 * SQL per batch of SEND_BATCH_SIZE: the campaign's status (pkey); the claim, a keyset range on
 * campaign_recipients_walk_idx (or the pkey, when one campaign is most of the table) from the saved checkpoint (`id > send_checkpoint ORDER BY id
 * LIMIT n`, never OFFSET: the cost of a batch does not grow with the rows already sent), setting
 * the whole batch `sending` in that one statement; the checkpoint (pkey); the batch's contacts
 * (pkey `id IN (…)`); then one `sent` UPDATE by pkey per group commit, not per message.
 */
export async function runCampaignSend(ctx: AppContext, job: CampaignSendJob, o: SendRunOptions = {}): Promise<void> {
  const campaign = await repo.findCampaign(ctx.db, job.workspaceId, job.campaignId);
  if (!campaign || campaign.status !== 'sending' || !campaign.compiled_html) return;
  const identity = await loadSendingIdentity(ctx.db, ctx.secret, job.workspaceId, campaign.from_email);
  const smtp = new BatchSender(ctx, identity.accounts, o.transportFor);
  const composer = openCampaignComposer(await campaignSetup(ctx, campaign, identity.dkim), ctx.config.SEND_COMPOSE_THREADS);
  const run: Run = { ctx, job, smtp, composer, uncommitted: 0, sent: new GroupCommit((rows) => repo.markSent(ctx.db, job.workspaceId, rows), { spacingMs: COMMIT_SPACING_MS }) };
  // Two batches (the one sending, the one claimed ahead) must be sendable well within a lease at the
  // accounts' rate, or another lane would take them over.
  const lease = ctx.config.SEND_CLAIM_LEASE_SECONDS;
  const limit = Math.max(1, Math.min(ctx.config.SEND_BATCH_SIZE, Math.floor((smtp.maxPerSecond * lease) / 3)));
  const walk = { cursor: Number(campaign.send_checkpoint), limit, lease };
  // One batch ahead: while a batch goes out over SMTP, the next is claimed, loaded and composing,
  // so the compose threads never wait for the send loop's database turns between batches.
  let ahead = claimBatch(run, walk);
  try {
    for (;;) {
      const batch = await ahead;
      if (batch === null) return;
      if (batch.rows.length === 0) return await settle(ctx, job);
      // A pause or cancel since the batch was claimed: it goes back untouched.
      if (o.signal?.aborted || (await campaignStatus(ctx, job)) !== 'sending') {
        return await repo.releaseClaims(ctx.db, job.workspaceId, batch.rows.map((r) => r.id));
      }
      ahead = claimBatch(run, walk);
      // Not awaited if this batch fails; its rows then come back by their lease like this one's.
      ahead.catch(() => undefined);
      await sendBatch(run, batch, o.signal);
    }
  } finally {
    // A batch claimed ahead of one that failed must not start composing on a closed composer.
    await ahead.catch(() => null);
    smtp.close();
    composer.close();
  }
}

interface Batch {
  rows: repo.ClaimedRecipient[];
  /** Claimed recipients whose contact is gone (erased since the freeze). */
  gone: repo.ClaimedRecipient[];
  sendable: repo.ClaimedRecipient[];
  /** The i-th sendable recipient's message, composing on the threads from the moment of the claim. */
  message: (i: number) => Promise<Composed>;
}

/**
 * Claims the next batch (from the checkpoint on; past it, retries now due or rows of a lane that
 * died), loads its contacts and starts composing it. Null when the campaign is no longer sending.
 */
async function claimBatch(run: Run, walk: { cursor: number; limit: number; lease: number }): Promise<Batch | null> {
  const { ctx, job } = run;
  if ((await campaignStatus(ctx, job)) !== 'sending') return null;
  const claim = { ...job, limit: walk.limit, leaseSeconds: walk.lease };
  let rows = await repo.claimRecipients(ctx.db, { ...claim, afterId: walk.cursor });
  if (rows.length > 0) {
    walk.cursor = rows[rows.length - 1]!.id;
    await repo.saveCheckpoint(ctx.db, job.workspaceId, job.campaignId, walk.cursor);
  } else {
    rows = await repo.claimRecipients(ctx.db, { ...claim, afterId: 0 });
  }
  const contacts = await loadRenderContacts(ctx.db, job.workspaceId, rows.flatMap((r) => (r.contact_id === null ? [] : [r.contact_id])));
  const contactOf = (r: repo.ClaimedRecipient) => (r.contact_id === null ? undefined : contacts.get(r.contact_id));
  const sendable = rows.filter((r) => contactOf(r));
  const inputs = sendable.map((r) => ({ id: r.id, email: r.email, listId: r.list_id, contact: contactOf(r)! }));
  return { rows, sendable, gone: rows.filter((r) => !contactOf(r)), message: run.composer.composeMany(inputs) };
}

/** What the compose threads need of a campaign in `sending` (compiled_html set). */
export async function campaignSetup(ctx: AppContext, campaign: repo.CampaignRow, dkim: DkimKey | null): Promise<CampaignSetup> {
  const job = { workspaceId: Number(campaign.workspace_id), campaignId: Number(campaign.id) };
  return {
    ...job, campaignName: campaign.name, html: campaign.compiled_html ?? '', subject: campaign.subject, preheader: campaign.preheader,
    sender: senderOf(ctx, { fromName: campaign.from_name, fromEmail: campaign.from_email, replyTo: campaign.reply_to, dkim }),
    links: [...(await loadCampaignLinks(ctx.db, job))], workspace: await loadWorkspaceData(ctx.db, job.workspaceId),
    config: ctx.config, secret: ctx.secret,
  };
}

async function campaignStatus(ctx: AppContext, job: CampaignSendJob) {
  return (await repo.findCampaign(ctx.db, job.workspaceId, job.campaignId))?.status;
}

/** Nothing claimable: finish the campaign, or come back when the next retry or lease is due. */
async function settle(ctx: AppContext, job: CampaignSendJob) {
  if (await repo.finishCampaign(ctx.db, job.workspaceId, job.campaignId)) return;
  const { count, next } = await repo.remaining(ctx.db, job.workspaceId, job.campaignId);
  if (count === 0) return;
  // Rows other lanes hold come back by their lease; queued retries by next_attempt_at.
  const at = new Date(Math.max(Date.now() + 1000, Math.min(next?.getTime() ?? Infinity, Date.now() + ctx.config.SEND_CLAIM_LEASE_SECONDS * 1000)));
  await ctx.queue.send(CAMPAIGN_SEND_QUEUE, job, { startAfter: at, singletonKey: `campaign-${job.campaignId}-later` });
}

/**
 * Sends one claimed batch, `smtp.concurrency` messages at a time, while the compose threads work
 * ahead on the whole batch. A recipient's `sent` commits right after its SMTP accept, in one
 * statement with whatever else was accepted while the previous commit ran (GroupCommit); a lane
 * does not wait for it unless UNCOMMITTED accepts pile up. So a kill -9 can re-send only messages
 * accepted and not yet committed: those of the commit running and the group waiting for it.
 */
async function sendBatch(run: Run, { rows, gone, sendable, message }: Batch, signal?: AbortSignal) {
  const { ctx, job } = run;
  // Erased (or deleted) since the freeze: never mail someone who is gone.
  for (const row of gone) await repo.markFailed(ctx.db, job.workspaceId, row.id, 'the contact was deleted before sending');
  const done = new Set<number>(gone.map((r) => r.id));
  const commits: Promise<void>[] = [];
  let commitError: Error | null = null;
  await eachLimited(sendable.map((row, i) => ({ row, i })), run.smtp.concurrency, async ({ row, i }) => {
    done.add(row.id);
    // Over the render limit may be a busy moment (retried); anything else is the template's fault.
    const composed = await message(i).catch((err: Error) => err);
    if (composed instanceof Error) return settleFailure(run, row, { temporary: /limit/i.test(composed.message), error: `render: ${composed.message}` });
    const outcome = await run.smtp.send(row.domain, row.email, composed);
    if (!outcome.ok) return settleFailure(run, row, outcome);
    run.uncommitted++;
    const commit = run.sent.add({ id: row.id, messageId: composed.messageId, accountId: outcome.accountId }).finally(() => run.uncommitted--);
    commits.push(commit.catch((err: Error) => void (commitError ??= err)));
    if (run.uncommitted >= UNCOMMITTED) await commit;
  }, () => signal?.aborted === true || commitError !== null);
  await Promise.all(commits);
  // The database failed under us: stop here; the claimed rows come back by their lease.
  if (commitError) throw commitError;
  // Interrupted mid-batch: the rows not tried go back to the queue for whoever runs next.
  await repo.releaseClaims(ctx.db, job.workspaceId, rows.filter((r) => !done.has(r.id)).map((r) => r.id));
}

/** A 4xx (or a render over its time limit) is retried with backoff until MAX_ATTEMPTS; the rest fail. */
async function settleFailure(run: Run, row: repo.ClaimedRecipient, o: { temporary: boolean; error: string }) {
  const { ctx, job } = run;
  if (o.temporary && row.attempts < MAX_ATTEMPTS) {
    await repo.markRetry(ctx.db, job.workspaceId, row.id, o.error, new Date(Date.now() + retryDelayMs(row.attempts)));
  } else {
    await repo.markFailed(ctx.db, job.workspaceId, row.id, o.error);
  }
}

/**
 * Registers the send lanes and, at boot, re-enqueues campaigns left `sending` (a crash or a
 * kill -9): their rows still `sending` are taken over once their claim lease runs out.
 */
export async function registerCampaignSendWorker(ctx: AppContext): Promise<void> {
  await ctx.queue.work<CampaignSendJob>(CAMPAIGN_SEND_QUEUE, (data, job) => runCampaignSend(ctx, data, { signal: job.signal }));
  for (const c of await repo.campaignsSending(ctx.db)) {
    await ctx.queue.send(CAMPAIGN_SEND_QUEUE, { workspaceId: Number(c.workspace_id), campaignId: Number(c.id) }, { singletonKey: `campaign-${c.id}-boot-${process.pid}-${Date.now()}` });
  }
}
