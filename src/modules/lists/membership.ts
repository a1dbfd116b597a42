import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { ConsentSource, ConsentStatus, ListMemberStatus, SuppressionReason } from '../../db/schema.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import { contactEmails } from '../audience/audience.repo.js';
import { queueConfirmation } from '../audience/confirmation.js';
import { emailHash } from '../audience/email-hash.js';
import { deleteSuppressionByHash, suppressedHashes } from '../suppressions/suppressions.repo.js';
import type { TimelineKind } from '../timeline/event-kinds.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import * as repo from './lists.repo.js';

/** How a consent was obtained: stored on every ledger row it writes (GDPR Art. 7(1) proof). */
export interface ConsentEvidence {
  source: ConsentSource;
  lawfulBasis?: string | null;
  proof?: string | null;
  textShown?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  formId?: number | null;
}

/**
 * Suppressions the person can lift by consenting again themselves (a form, or confirming one):
 * leaving everything, or having been erased. Bounces, complaints and manual or imported entries
 * need the workspace to lift them.
 */
const SELF_LIFTABLE: SuppressionReason[] = ['unsubscribed', 'erased'];
const SELF_SOURCES: ConsentSource[] = ['form', 'confirmation', 'preference_centre'];

/** Paths that already prove the person reads the mailbox (a signed link from an email to it). */
const MAILBOX_PROVEN: ConsentSource[] = ['confirmation', 'preference_centre'];

const LEDGER_STATUS: Record<ListMemberStatus, ConsentStatus> = { subscribed: 'granted', pending: 'pending', unsubscribed: 'withdrawn' };
const EVENT_KIND: Record<ListMemberStatus, TimelineKind> = { subscribed: 'list_subscribed', pending: 'list_pending', unsubscribed: 'list_unsubscribed' };

export interface MembershipChange {
  ctx: AppContext;
  list: repo.ListRow;
  contactIds: number[];
  /** `subscribed` on a double opt-in list becomes `pending` unless the source is a confirmation; `pending` asks for a confirmation on any list. */
  target: ListMemberStatus;
  evidence: ConsentEvidence;
  /** Who acted: a user or key, or a public "actor" labelled with the form or link used. */
  actor: Actor;
  /** false: the caller sends one confirmation for several lists itself (a form). */
  queueConfirmations?: boolean;
  /** false: the caller writes one audit entry for the whole change itself (a bulk operation). */
  audit?: boolean;
}

export interface MembershipResult {
  added: number;
  pending: number;
  skipped: number;
  suppressed: number;
  unsubscribed: number;
  /** Contacts that now await a confirmation email. */
  pendingIds: number[];
}

/**
 * The one writer of list membership: the membership rows, a ledger row per change with its
 * evidence, the current consent state and the timeline, all in the caller's transaction (lock the
 * list first), plus a queued confirmation for each new pending member. Suppressed addresses are
 * not subscribed, unless the person consents again themselves and the suppression is theirs to lift.
 */
export async function applyMembership(trx: Executor, c: MembershipChange): Promise<MembershipResult> {
  const { ctx, list, actor, evidence } = c;
  const ws = actor.workspaceId;
  const result: MembershipResult = { added: 0, pending: 0, skipped: 0, suppressed: 0, unsubscribed: 0, pendingIds: [] };
  const before = await repo.memberStatuses(trx, ws, list.id, c.contactIds);
  const wanting: ListMemberStatus = c.target === 'unsubscribed' ? 'unsubscribed'
    : c.target === 'pending' || (list.opt_in_mode === 'double' && !MAILBOX_PROVEN.includes(evidence.source)) ? 'pending' : 'subscribed';
  let candidates = c.contactIds.filter((id) => {
    const was = before.get(id);
    // A form visitor asking again while pending gets a fresh confirmation (within the daily cap).
    const again = wanting === 'pending' && was === 'pending' && evidence.source === 'form';
    if (was === wanting && !again) result.skipped++;
    // A subscribing path never downgrades a confirmed member; only an explicit `pending` (asking
    // for re-confirmation) does.
    else if (wanting === 'pending' && was === 'subscribed' && c.target !== 'pending') result.skipped++;
    else return true;
    return false;
  });
  if (wanting !== 'unsubscribed') candidates = await dropSuppressed(ctx, trx, ws, candidates, wanting, evidence, result);

  const changed = candidates.filter((id) => before.get(id) !== wanting);
  await repo.upsertMembers(trx, ws, list.id, changed, wanting);
  await repo.recordConsents(trx, ws, changed.map((contactId) => ({
    contactId, listId: list.id, status: LEDGER_STATUS[wanting], source: evidence.source, ip: evidence.ip ?? null,
    textShown: evidence.textShown ?? null, actorUserId: actor.userId, userAgent: evidence.userAgent ?? null,
    formId: evidence.formId ?? null, lawfulBasis: evidence.lawfulBasis ?? null, proof: evidence.proof ?? null, actorLabel: actor.label,
  })));
  await insertTimelineEvents(trx, changed.map((contactId) => ({
    workspaceId: ws, contactId, kind: EVENT_KIND[wanting], actorUserId: actor.userId,
    data: { listId: list.id, listName: list.name, previous: before.get(contactId) ?? null, source: evidence.source, ...(evidence.formId ? { formId: evidence.formId } : {}) },
  })));
  if (wanting === 'subscribed' && SELF_SOURCES.includes(evidence.source)) await renewChannelConsent(trx, ws, candidates, evidence, actor);
  if (wanting === 'pending') {
    if (c.queueConfirmations !== false) {
      for (const contactId of candidates) await queueConfirmation(ctx, trx, { workspaceId: ws, contactId, listIds: [list.id], formId: evidence.formId });
    }
    result.pending += candidates.length;
    result.pendingIds = candidates;
  } else if (wanting === 'subscribed') result.added += changed.length;
  else result.unsubscribed += changed.length;
  if (changed.length && c.audit !== false) {
    await insertAudit(trx, actor, {
      entity: 'list', entityId: list.id, action: 'set_members',
      before: changed.map((id) => ({ contactId: id, status: before.get(id) ?? null })),
      after: { status: wanting, contactIds: changed, source: evidence.source },
    });
  }
  return result;
}

/**
 * A person who had withdrawn from all email and now subscribes again themselves has, by that act,
 * consented to email again: the channel-wide withdrawal is superseded by a grant in the ledger.
 */
async function renewChannelConsent(trx: Executor, ws: number, contactIds: number[], evidence: ConsentEvidence, actor: Actor) {
  const withdrawn = await repo.channelWithdrawn(trx, ws, contactIds);
  await repo.recordConsents(trx, ws, withdrawn.map((contactId) => ({
    contactId, listId: null, status: 'granted', source: evidence.source, ip: evidence.ip ?? null, textShown: evidence.textShown ?? null,
    actorUserId: actor.userId, userAgent: evidence.userAgent ?? null, formId: evidence.formId ?? null, lawfulBasis: evidence.lawfulBasis ?? null,
    proof: evidence.proof ?? null, actorLabel: actor.label,
  })));
}

/** Leaves out suppressed contacts (counting them), lifting what the person may lift themselves. */
async function dropSuppressed(ctx: AppContext, trx: Executor, ws: number, ids: number[], wanting: ListMemberStatus, evidence: ConsentEvidence, result: MembershipResult) {
  const emails = await contactEmails(trx, ws, ids);
  const hashOf = new Map(emails.filter((e) => e.email).map((e) => [e.id, emailHash(ctx.secret, e.email!)]));
  const suppressed = await suppressedHashes(trx, ws, [...hashOf.values()]);
  if (suppressed.size === 0) return ids;
  const keep: number[] = [];
  for (const id of ids) {
    const hash = hashOf.get(id);
    const reason = hash ? suppressed.get(hash) : undefined;
    if (!reason) keep.push(id);
    else if (SELF_LIFTABLE.includes(reason) && SELF_SOURCES.includes(evidence.source)) {
      // A pending sign-up keeps the suppression until the mailbox owner confirms.
      if (wanting === 'subscribed') await deleteSuppressionByHash(trx, ws, hash!, SELF_LIFTABLE);
      keep.push(id);
    } else result.suppressed++;
  }
  return keep;
}
