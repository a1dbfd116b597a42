import type { AppContext } from '../../context.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { openSecret } from '../../lib/secret-box.js';
import { hitRateCounter } from '../audience/rate-counters.js';
import { refusalOf } from './inbound-sources.js';
import { mailgunSignatureValid, secretMatches, type Provider, type WebhookMail } from './inbound-webhooks.js';
import { INBOX_SECRET_PURPOSE } from './inboxes.service.js';
import { findInboxByAddress, inboxSealedSecret } from './inboxes.repo.js';
import { receiveTicketMail } from './ticket-intake.js';

const unauthorized = () => new AppError(ErrorCode.UNAUTHENTICATED, 'The webhook’s credentials or signature are wrong');

/**
 * Files a provider's inbound mail in the inbox it was sent to, once the request has proved it
 * knows that inbox's secret: HTTP Basic (`<inbox id>:<secret>`, Postmark and SendGrid) or, for
 * Mailgun, its HMAC signature keyed by the secret, fresh and with a token never seen before.
 * Mail that must not become a ticket (auto-replies, bounces, loops) is acknowledged unfiled, so
 * the provider does not retry it.
 */
export async function fileWebhookMail(options: { ctx: AppContext; provider: Provider; parsed: WebhookMail; fields: Record<string, string>; basic: { user: string; password: string } | null }) {
  const { ctx, provider, parsed, fields, basic } = options;
  if (!parsed.recipient) throw AppError.invalid({ path: 'recipient', message: 'the payload names no recipient' });
  const inbox = await findInboxByAddress(ctx.db, parsed.recipient);
  const sealed = inbox ? await inboxSealedSecret(ctx.db, inbox.id) : null;
  const secret = sealed ? openSecret(ctx.secret, INBOX_SECRET_PURPOSE, sealed) : null;
  const basicOk = !!(inbox && secret && basic && basic.user === String(inbox.id) && secretMatches(basic.password, secret));
  const signedOk = provider === 'mailgun' && !!secret && mailgunSignatureValid(secret, fields);
  if (!inbox || !(basicOk || signedOk)) throw unauthorized();
  if (signedOk && !basicOk) {
    const once = await hitRateCounter(ctx.db, { bucket: 'mailgun-token', key: fields.token!, windowSeconds: 600, limit: 1 });
    if (!once.allowed) throw unauthorized();
  }
  if (!parsed.mail) throw AppError.invalid({ path: 'from', message: 'the mail has no From address' });
  const refusal = await refusalOf(ctx, { from: parsed.mail.from.address, headers: parsed.headers, contentType: parsed.headers.find((h) => h.key.toLowerCase() === 'content-type')?.value });
  if (refusal) {
    ctx.log.info({ inbox: inbox.id, reason: refusal }, 'help desk: inbound mail not filed');
    return { filed: false as const, reason: refusal };
  }
  const result = await receiveTicketMail({ ctx, inbox, mail: parsed.mail });
  return { filed: true as const, ticketId: result.ticketId, outcome: result.outcome };
}
