import type { Email } from 'postal-mime';
import type { AppContext } from '../../context.js';
import { isAutoSubmitted } from '../../mail/auto-reply.js';
import { INBOUND_HANDLERS } from '../../mail/inbound-handlers.js';
import { inboxByAddress, isInboxAddress } from './inbox-lookup.js';
import type { IncomingTicketMail } from './ticket-intake.js';
import { receiveTicketMail } from './ticket-intake.js';

export type Refusal = { refused: string };

/**
 * Mail that must not become a ticket, whatever channel brought it: no sender; an auto-reply or a
 * bulk/list message (answering it would start a mail loop); a bounce (null sender, a delivery
 * report, a mailer daemon); mail from one of our own inbox addresses (a loop through ourselves).
 */
export async function refusalOf(ctx: AppContext, mail: { from?: string | null; headers: { key: string; value: string }[]; envelopeFrom?: string; contentType?: string }): Promise<string | null> {
  if (!mail.from) return 'no From address';
  if (isAutoSubmitted(mail.headers)) return 'automatic reply or bulk mail';
  const from = mail.from.toLowerCase();
  if (mail.envelopeFrom === '' || /^(mailer-daemon|postmaster)@/.test(from) || /multipart\/report/i.test(mail.contentType ?? '')) return 'delivery report (bounce)';
  if (await isInboxAddress(ctx, from)) return 'sent by one of our own inboxes (mail loop)';
  return null;
}

/** postal-mime's parse of a message → what intake files. */
export function fromParsedEmail(parsed: Email): IncomingTicketMail | null {
  if (!parsed.from?.address) return null;
  const references = (parsed.references ?? '').split(/\s+/).filter((r) => r.startsWith('<'));
  return {
    from: { address: parsed.from.address, name: parsed.from.name ?? '' },
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html ?? null,
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo?.trim() ?? null,
    references,
    attachments: (parsed.attachments ?? []).map((a) => ({
      filename: a.filename ?? 'attachment',
      contentType: a.mimeType ?? 'application/octet-stream',
      content: typeof a.content === 'string' ? Buffer.from(a.content, 'base64') : new Uint8Array(a.content as ArrayBuffer),
    })),
  };
}

const headerOf = (parsed: Email, name: string) => parsed.headers.find((h) => h.key.toLowerCase() === name)?.value;

/** The help desk's claim on the inbound SMTP listener: mail to an inbox address becomes a ticket. */
INBOUND_HANDLERS.push((ctx: AppContext) => ({
  name: 'helpdesk',
  accepts: async (recipient) => !!(await inboxByAddress(ctx, recipient)),
  handle: async (mail) => {
    const inbox = await inboxByAddress(ctx, mail.recipient);
    if (!inbox) return;
    const refusal = await refusalOf(ctx, { from: mail.parsed.from?.address, headers: mail.parsed.headers, envelopeFrom: mail.envelopeFrom, contentType: headerOf(mail.parsed, 'content-type') });
    const incoming = fromParsedEmail(mail.parsed);
    if (refusal || !incoming) {
      ctx.log.info({ inbox: inbox.id, from: mail.parsed.from?.address, reason: refusal ?? 'no From address' }, 'help desk: inbound mail not filed');
      return;
    }
    await receiveTicketMail({ ctx, inbox, mail: incoming });
  },
}));
