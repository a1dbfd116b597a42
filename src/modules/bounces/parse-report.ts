import type { Email } from 'postal-mime';
import { isAutoSubmitted } from '../../mail/auto-reply.js';
import { readFreeText, statusIn } from './free-text.js';

export interface ReportRecipient {
  email: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
}

export type ReportType = 'bounce' | 'delay' | 'complaint' | 'auto_reply' | 'unrecognised';
export interface ParsedReport {
  type: ReportType;
  /** 'rfc3464', 'arf', or the free-text format ('postfix', 'exim', …). */
  format: string;
  recipients: ReportRecipient[];
  /** Message-ID of the message the report is about, without angle brackets. */
  originalMessageId: string | null;
  /** The original's return path (our VERP address), when the report quotes it. */
  originalReturnPath: string | null;
  feedbackType: string | null;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const asText = (content: ArrayBuffer | Uint8Array | string): string =>
  (typeof content === 'string' ? content : decoder.decode(content)).replace(/\r\n/g, '\n');

/** RFC 822-style field groups (RFC 3464 §2.1, RFC 5965 §3.1): blank-line separated, folded lines joined. */
export function fieldGroups(text: string): Map<string, string>[] {
  return text.trim().split(/\n\s*\n/).map((block) => {
    const fields = new Map<string, string>();
    let last: string | null = null;
    for (const line of block.split('\n')) {
      if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last)} ${line.trim()}`);
      else {
        const m = /^([\w-]+):\s*(.*)$/.exec(line);
        if (!m) continue;
        last = m[1]!.toLowerCase();
        if (!fields.has(last)) fields.set(last, m[2]!.trim());
      }
    }
    return fields;
  }).filter((g) => g.size > 0);
}

/** "rfc822; bob@example.org" → "bob@example.org"; "smtp; 550 …" → "550 …". */
const typed = (value: string | undefined) => (value ? value.replace(/^[\w-]+;\s*/, '').replace(/^<|>$/g, '').trim() || null : null);
const bare = (id: string | null | undefined) => (id ? id.trim().replace(/^<|>$/g, '') || null : null);

function headerOf(text: string, name: string): string | null {
  const m = new RegExp(`^${name}:\\s*([^\\n]*)`, 'im').exec(text);
  return m ? m[1]!.trim() : null;
}

function deliveryStatus(text: string): ReportRecipient[] {
  const [perMessage, ...perRecipient] = fieldGroups(text);
  const reportingMta = typed(perMessage?.get('reporting-mta'));
  return perRecipient.filter((g) => g.has('final-recipient') || g.has('original-recipient')).map((g) => {
    const diagnostic = typed(g.get('diagnostic-code'));
    return {
      email: (typed(g.get('final-recipient')) ?? typed(g.get('original-recipient')))?.toLowerCase() ?? null,
      action: g.get('action')?.toLowerCase() ?? null,
      status: statusIn(g.get('status')) ?? statusIn(diagnostic),
      diagnostic,
      remoteMta: typed(g.get('remote-mta')) ?? reportingMta,
    };
  });
}

const BOUNCE_SENDER = /mailer-daemon|postmaster|mail delivery (subsystem|system)|^bounce/i;
const BOUNCE_SUBJECT = /undeliver|returned mail|delivery (status notification|failure|has failed|failed)|failure notice|mail delivery failed|non[- ]?delivery|could not be delivered|warning: message .* delayed/i;
const AUTO_REPLY_SUBJECT = /^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|vacation|away from|absence)/i;

/**
 * What an inbound message to a bounce address is: a bounce (RFC 3464 report or a known free-text
 * format), a delay warning, an ARF complaint (RFC 5965), an auto-reply (RFC 3834 and its cousins,
 * never counted), or unrecognised. Never throws on odd input: the worst is "unrecognised".
 */
export function parseReport(mail: Pick<Email, 'headers' | 'from' | 'subject' | 'text' | 'html' | 'attachments'>): ParsedReport {
  const parts = (mail.attachments ?? []).map((a) => ({ type: (a.mimeType ?? '').toLowerCase(), text: asText(a.content as ArrayBuffer | string) }));
  const original = parts.find((p) => p.type === 'message/rfc822' || p.type === 'text/rfc822-headers' || p.type === 'message/rfc822-headers')?.text ?? '';
  const body = (mail.text ?? (mail.html ?? '').replace(/<[^>]+>/g, ' ')).replace(/\r\n/g, '\n');
  const originalMessageId = bare(headerOf(original, 'message-id') ?? headerOf(body, 'message-id'));
  const returnPath = bare(headerOf(original, 'return-path'));
  const base = { originalMessageId, originalReturnPath: returnPath, feedbackType: null };

  const feedback = parts.find((p) => p.type === 'message/feedback-report');
  if (feedback) {
    const fields = fieldGroups(feedback.text)[0] ?? new Map<string, string>();
    const rcpt = bare(fields.get('original-rcpt-to')) ?? bare(headerOf(original, 'to')?.replace(/^.*</, ''));
    return {
      ...base, type: 'complaint', format: 'arf', feedbackType: fields.get('feedback-type')?.toLowerCase() ?? 'abuse',
      originalReturnPath: bare(fields.get('original-mail-from')) ?? returnPath,
      recipients: [{ email: rcpt?.toLowerCase() ?? null, action: null, status: null, diagnostic: null, remoteMta: typed(fields.get('reporting-mta')) ?? fields.get('user-agent') ?? null }],
    };
  }

  const status = parts.find((p) => p.type === 'message/delivery-status' || p.type === 'message/global-delivery-status');
  const free = readFreeText(body);
  if (status) {
    const recipients = deliveryStatus(status.text).map((r) => (r.diagnostic || !free ? r : { ...r, diagnostic: free.recipient.diagnostic, status: r.status ?? free.recipient.status }));
    if (recipients.length) {
      const delayed = recipients.every((r) => r.action === 'delayed');
      const failed = recipients.filter((r) => r.action !== 'delivered' && r.action !== 'relayed' && r.action !== 'expanded');
      if (failed.length) return { ...base, type: delayed ? 'delay' : 'bounce', format: 'rfc3464', recipients: failed };
    }
  }
  const fromBounceSender = BOUNCE_SENDER.test(mail.from?.address ?? '') || BOUNCE_SENDER.test(mail.from?.name ?? '') || BOUNCE_SUBJECT.test(mail.subject ?? '');
  if (free && fromBounceSender) return { ...base, type: free.delayed ? 'delay' : 'bounce', format: free.format, recipients: [free.recipient] };
  if (isAutoSubmitted(mail.headers ?? []) || AUTO_REPLY_SUBJECT.test(mail.subject ?? '')) return { ...base, type: 'auto_reply', format: 'rfc3834', recipients: [] };
  return { ...base, type: 'unrecognised', format: 'unknown', recipients: [] };
}
