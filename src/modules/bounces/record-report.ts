import type { AppContext } from '../../context.js';
import type { BounceClass } from '../../db/schema-email.js';
import { emailHash } from '../audience/email-hash.js';
import { insertSuppressions } from '../suppressions/suppressions.repo.js';
import { writeReportTimeline } from './bounce-timeline.js';
import * as repo from './bounces.repo.js';

/** A bounce, complaint or delay from any source (DSN, ARF, a provider's webhook), normalised. */
export interface DeliveryReport {
  kind: 'bounce' | 'complaint' | 'delay';
  class: BounceClass;
  reason: string;
  statusCode: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
  /** Where it came from: 'dsn:postfix', 'arf', 'webhook:ses', … */
  source: string;
  feedbackType?: string | null;
  occurredAt?: Date;
}

export type RecordOutcome = 'recorded' | 'duplicate' | 'deferred';

/** The remote server's words are kept, but bounded: a DSN can quote anything. */
const clip = (s: string | null, n: number) => (s === null ? null : s.replace(/\0/g, '').slice(0, n));

/**
 * Records one report against its target in one transaction: the bounce row (code, reason, the
 * remote words), the email event, the recipient's denormalised state, the suppression it earns
 * and the contact's timeline entry. A dead address (hard) and a complaint suppress at once; soft
 * bounces after BOUNCE_SOFT_LIMIT in a row; a policy block never suppresses the recipient (the
 * fault is the sender's; it is reported against the sending domain and account instead). A report
 * already recorded for the same recipient (a retried DSN or webhook) changes nothing.
 */
export async function recordDeliveryReport(o: { ctx: AppContext; target: repo.ReportTarget; report: DeliveryReport }): Promise<RecordOutcome> {
  const { ctx, target: t, report: r } = o;
  const at = r.occurredAt ?? new Date();
  if (r.kind === 'delay') {
    await repo.insertEmailEvent(ctx.db, t, 'deferred', at);
    return 'deferred';
  }
  const kind = r.kind;
  return ctx.db.transaction().execute(async (trx) => {
    const already = t.recipientId !== null ? (kind === 'bounce' ? t.bouncedAt : t.complainedAt) !== null
      : t.transactionalId !== null && await repo.transactionalReported(trx, t.workspaceId, t.transactionalId, kind);
    if (already) return 'duplicate';
    const cls: BounceClass = kind === 'complaint' ? 'complaint' : r.class;
    await repo.insertBounce(trx, t, { kind, class: cls, statusCode: clip(r.statusCode, 20), reason: clip(r.reason, 200)!, diagnostic: clip(r.diagnostic, 2000), remoteMta: clip(r.remoteMta, 255), source: r.source, occurredAt: at });
    await repo.insertEmailEvent(trx, t, kind, at);
    await repo.markRecipient(trx, t, kind, cls, at);
    const suppressFor = cls === 'complaint' ? 'complaint' : cls === 'hard' || (cls === 'soft' && await repo.softStreakReached(trx, t, ctx.config.BOUNCE_SOFT_LIMIT)) ? 'hard_bounce' : null;
    if (suppressFor) {
      const note = cls === 'soft' ? `${ctx.config.BOUNCE_SOFT_LIMIT} soft bounces in a row (${r.reason})` : `${r.reason}${r.statusCode ? ` (${r.statusCode})` : ''} via ${r.source}`;
      await insertSuppressions(trx, t.workspaceId, [{ email: t.email, emailHash: emailHash(ctx.secret, t.email), reason: suppressFor, note }]);
    }
    await writeReportTimeline(trx, t, { type: kind, class: cls, reason: r.reason, status: r.statusCode, diagnostic: clip(r.diagnostic, 500), feedbackType: r.feedbackType ?? null, suppressed: suppressFor !== null, at });
    ctx.log.info({ workspaceId: t.workspaceId, campaignId: t.campaignId, kind, class: cls, reason: r.reason, source: r.source }, 'bounces: report recorded');
    return 'recorded';
  });
}
