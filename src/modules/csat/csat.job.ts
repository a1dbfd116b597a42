import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { addressOf, mailTransport } from '../../mail/transport.js';
import { emailHash } from '../audience/email-hash.js';
import { publicBase } from '../audience/public-url.js';
import { suppressedHashes } from '../suppressions/suppressions.repo.js';
import { rawExecutorOf } from '../notifications/notifications.repo.js';
import { csatToken } from './csat-token.js';
import * as repo from './csat.repo.js';

export const CSAT_QUEUE = 'csat-survey';
const SCORE_WORDS = ['', 'Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];

/** Called in the transaction that solves a ticket: the survey goes out once that commits. */
export async function queueCsatSurvey(ctx: AppContext, trx: Executor, ticketId: number): Promise<void> {
  await ctx.queue.send(CSAT_QUEUE, { ticketId }, { db: rawExecutorOf(trx), singletonKey: `csat:${ticketId}` });
}

/**
 * Emails the customer of a solved ticket one link per score, 1–5, each a signed token; once per
 * ticket, however often the job runs (claimSurvey). A failed send gives the claim back and throws,
 * so pg-boss retries. No survey for a ticket reopened before the job ran, a merged one, or a
 * contact without an address.
 */
export async function sendCsatSurvey(ctx: AppContext, job: { ticketId: number }, now = new Date()): Promise<'sent' | 'skipped'> {
  const t = await repo.findSurveyTicket(ctx.db, job.ticketId);
  if (!t || t.status !== 'solved' || t.merged_into_id || !t.contact_email || t.csat_requested_at) return 'skipped';
  // A survey is not something the customer asked for: an address that bounced hard, complained
  // or is on the suppression list for any reason gets none.
  if ((await suppressedHashes(ctx.db, t.workspace_id, [emailHash(ctx.secret, t.contact_email)])).size) return 'skipped';
  const transport = mailTransport(ctx.config, ctx.log);
  if (!transport.enabled || !(await repo.claimSurvey(ctx.db, t.id, now))) return 'skipped';
  const base = publicBase(ctx.config);
  const links = [5, 4, 3, 2, 1].map((score) => ({ score, url: `${base}/csat/${csatToken(ctx.secret, { ticketId: t.id, score, issuedAt: now })}` }));
  const hello = t.contact_first_name ? `Hello ${t.contact_first_name},` : 'Hello,';
  const text = `${hello}\n\nyour request "${t.subject}" [#${t.id}] is solved. How did we do? One click is enough:\n\n${links.map((l) => `${l.score} – ${SCORE_WORDS[l.score]}: ${l.url}`).join('\n')}\n\nThank you!\n`;
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const html = `<p>${esc(hello)}</p><p>your request “${esc(t.subject)}” [#${t.id}] is solved. How did we do? One click is enough:</p><p>${links.map((l) => `<a href="${esc(l.url)}">${l.score} – ${SCORE_WORDS[l.score]}</a>`).join('<br>')}</p><p>Thank you!</p>`;
  try {
    await transport.send({
      to: t.contact_email, subject: `How did we do? [#${t.id}]`, text, html, fromAddress: t.inbox_address ?? addressOf(ctx.config.MAIL_FROM), fromName: t.inbox_name ?? undefined,
      // An automatic message: the customer's auto-responder must not answer it (and open a ticket).
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  } catch (err) {
    await repo.releaseSurvey(ctx.db, t.id);
    throw err;
  }
  return 'sent';
}

export async function registerCsatWorker(ctx: AppContext): Promise<void> {
  await ctx.queue.work<{ ticketId: number }>(CSAT_QUEUE, async (job) => {
    await sendCsatSurvey(ctx, job);
  });
}
