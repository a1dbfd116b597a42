import type { AppContext } from '../../context.js';
import type { InboundHandler } from '../../mail/inbound-handlers.js';
import type { InboundMail } from '../../mail/inbound-server.js';
import { parseVerp, type VerpTarget } from '../../mail/verp.js';
import * as repo from './bounces.repo.js';
import { classifyBounce } from './classify.js';
import { parseReport } from './parse-report.js';
import { recordDeliveryReport, type RecordOutcome } from './record-report.js';

const targetOf = (ctx: AppContext, v: VerpTarget) => v.kind === 'campaign'
  ? repo.campaignRecipientTarget(ctx.db, v.workspaceId, v.id)
  : repo.transactionalTarget(ctx.db, v.workspaceId, v.id);

/**
 * Reads one message that arrived at a VERP address. The signed address names the recipient, so
 * a DSN whose text is unparseable still counts against the right person; an ARF report names the
 * original's return path itself. Auto-replies and unrecognised mail are logged and dropped, never
 * counted; only a database failure throws (the listener answers 451 and the sender retries).
 */
export async function handleBounceMail(ctx: AppContext, mail: Pick<InboundMail, 'recipient' | 'parsed' | 'remoteAddress'>): Promise<RecordOutcome | 'ignored'> {
  const report = parseReport(mail.parsed);
  const log = { remote: mail.remoteAddress, type: report.type, format: report.format };
  if (report.type === 'auto_reply' || report.type === 'unrecognised') {
    ctx.log.info(log, 'bounces: not a bounce or complaint; dropped');
    return 'ignored';
  }
  const verp = (report.type === 'complaint' && report.originalReturnPath ? parseVerp(ctx.secret, report.originalReturnPath) : null) ?? parseVerp(ctx.secret, mail.recipient);
  const target = verp ? await targetOf(ctx, verp) : null;
  if (!target) {
    ctx.log.warn(log, 'bounces: report for a recipient that no longer exists; dropped');
    return 'ignored';
  }
  const about = report.recipients.find((r) => r.email === target.email) ?? report.recipients[0];
  if (report.type === 'complaint') {
    return recordDeliveryReport({ ctx, target, report: { kind: 'complaint', class: 'complaint', reason: `complaint (${report.feedbackType ?? 'abuse'})`, statusCode: null, diagnostic: null, remoteMta: about?.remoteMta ?? null, source: 'arf', feedbackType: report.feedbackType } });
  }
  const { class: cls, reason } = classifyBounce({ status: about?.status, diagnostic: about?.diagnostic });
  return recordDeliveryReport({
    ctx, target,
    report: { kind: report.type === 'delay' ? 'delay' : 'bounce', class: cls, reason, statusCode: about?.status ?? null, diagnostic: about?.diagnostic ?? null, remoteMta: about?.remoteMta ?? null, source: `dsn:${report.format}` },
  });
}

/** The inbound listener's handler for VERP bounce addresses (registered in INBOUND_HANDLERS). */
export const bounceInboundHandler = (ctx: AppContext): InboundHandler => ({
  name: 'bounces',
  accepts: (recipient) => parseVerp(ctx.secret, recipient) !== null,
  handle: async (mail) => { await handleBounceMail(ctx, mail); },
});
