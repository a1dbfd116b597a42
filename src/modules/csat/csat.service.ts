import type { AppContext } from '../../context.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { readCsatToken, type CsatClaim } from './csat-token.js';
import * as repo from './csat.repo.js';

export const CSAT_COMMENT_MAX = 2000;

/** A token that is tampered, expired, or names a ticket that never had a survey: one 404 for all. */
function claimOf(ctx: AppContext, token: string): CsatClaim {
  const claim = readCsatToken(ctx.secret, token);
  if (!claim) throw new AppError(ErrorCode.NOT_FOUND, 'This survey link is not valid or has expired');
  return claim;
}

/**
 * Records the score of the link clicked. Idempotent: the same click again changes nothing; a
 * click on another score of the same survey while its links work (CSAT_LINK_DAYS) replaces the
 * score: the last click wins. The contact's timeline gets an event per change.
 */
export async function recordCsatScore(options: { ctx: AppContext; token: string; now?: Date }) {
  const { ctx, token } = options;
  const claim = claimOf(ctx, token);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await repo.lockSurveyTicket(trx, claim.ticketId);
    if (!t || !t.csat_requested_at) throw new AppError(ErrorCode.NOT_FOUND, 'This survey link is not valid or has expired');
    if (t.csat_score !== claim.score) {
      await repo.saveAnswer(trx, t.id, { csat_score: claim.score, csat_at: options.now ?? new Date() });
      await insertTimelineEvents(trx, [{ workspaceId: t.workspace_id, contactId: t.contact_id, kind: 'csat_received', data: { ticketId: t.id, score: claim.score, ...(t.csat_comment ? { comment: t.csat_comment } : {}) } }]);
    }
    return { ticketId: t.id, score: claim.score, comment: t.csat_comment };
  });
}

/** The optional comment after the score; the score of the link used stands with it. */
export async function recordCsatComment(options: { ctx: AppContext; token: string; comment: string }) {
  const { ctx, token } = options;
  const claim = claimOf(ctx, token);
  const comment = options.comment.replace(/\r\n?/g, '\n').trim().slice(0, CSAT_COMMENT_MAX) || null;
  return ctx.db.transaction().execute(async (trx) => {
    const t = await repo.lockSurveyTicket(trx, claim.ticketId);
    if (!t || !t.csat_requested_at) throw new AppError(ErrorCode.NOT_FOUND, 'This survey link is not valid or has expired');
    const score = t.csat_score ?? claim.score;
    if (comment !== t.csat_comment || score !== t.csat_score) {
      await repo.saveAnswer(trx, t.id, { csat_score: score, csat_comment: comment, csat_at: new Date() });
      await insertTimelineEvents(trx, [{ workspaceId: t.workspace_id, contactId: t.contact_id, kind: 'csat_received', data: { ticketId: t.id, score, ...(comment ? { comment } : {}) } }]);
    }
    return { ticketId: t.id, score, comment };
  });
}
