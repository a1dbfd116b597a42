import type { ReportRecipient } from './parse-report.js';

/**
 * The human-readable bounces of MTAs that send no (or a thin) RFC 3464 part, one entry per
 * format as its authors really word it. `recipient` captures the failed address, `diagnostic` the
 * remote server's words; both are searched in the text part of the bounce.
 */
interface FreeTextFormat {
  name: string;
  detect: RegExp;
  recipient: RegExp;
  diagnostic: RegExp;
  remoteMta?: RegExp;
  delayed?: RegExp;
}

const EMAIL = String.raw`[^\s<>"'()@]+@[^\s<>"'()]+\.[^\s<>"'()]+`;
const rx = (source: string, flags = 'i') => new RegExp(source, flags);

export const FREE_TEXT_FORMATS: FreeTextFormat[] = [
  {
    name: 'postfix',
    detect: /this is the mail system at host|I'm sorry to have to inform you that your message could not\s+be delivered/i,
    recipient: rx(String.raw`^<(${EMAIL})>:`, 'im'),
    diagnostic: rx(String.raw`^<${EMAIL}>:\s*([\s\S]+?)(?:\n\s*\n|$)`, 'im'),
    remoteMta: /host ([\w.-]+)\[[^\]]*\] said/i,
  },
  {
    name: 'sendmail',
    detect: /-----\s*The following addresses had permanent fatal errors\s*-----|Transcript of session follows/i,
    recipient: rx(String.raw`fatal errors -----\s*\n<?(${EMAIL})>?`),
    diagnostic: /\(reason: ([^)]+)\)|^(?:<<<|\.\.\.)?\s*(5\d\d[ -][^\n]+)$/im,
  },
  {
    name: 'exim',
    detect: /This message was created automatically by mail delivery software/i,
    recipient: rx(String.raw`(?:address\(es\) failed|not yet been delivered are|recipients?):?\s*\n\s*\n?\s*<?(${EMAIL})>?`),
    diagnostic: /SMTP error from remote mail server after [^\n]*:\s*\n?\s*(?:host [^\n]*:\s*)?([^\n]+(?:\n {4,}[^\n]+)*)|\n {4}((?:retry timeout exceeded|all relevant MX records point to non-existent hosts|Unrouteable address|mailbox is full)[^\n]*)/i,
    remoteMta: /^\s*host ([\w.-]+) \[/im,
    delayed: /has not yet been delivered/i,
  },
  {
    name: 'exchange',
    detect: /Delivery has failed to these recipients or groups|Remote Server returned|Diagnostic information for administrators/i,
    recipient: rx(String.raw`(?:recipients or groups:|administrators:)\s*\n\s*\n?\s*<?(${EMAIL})>?`),
    diagnostic: /Remote Server returned '([^']+)'|^#?(5\d\d [45]\.\d+\.\d+[^\n]*)$/im,
    remoteMta: /Generating server: ([\w.-]+)/i,
  },
  {
    name: 'gmail',
    detect: /Your message wasn't delivered to|Delivery to the following recipient failed|The response (?:from the remote server )?was:/i,
    recipient: rx(String.raw`(?:wasn't delivered to|recipient failed(?: permanently)?:)\s*\n?\s*<?(${EMAIL})>?`),
    diagnostic: /The response (?:from the remote server )?was:\s*\n\s*\n?([^\n]+)/i,
  },
  {
    name: 'yahoo',
    detect: /Sorry, we were unable to deliver your message to the following address/i,
    recipient: rx(String.raw`following address\.?\s*\n\s*\n?<?(${EMAIL})>?`),
    diagnostic: rx(String.raw`following address\.?\s*\n\s*\n?<?${EMAIL}>?:?\s*\n([^\n]+(?:\n[^\n-][^\n]*)?)`),
  },
  {
    name: 'amazon-ses',
    detect: /An error occurred while trying to deliver the mail to the following recipients/i,
    recipient: rx(String.raw`following recipients:\s*\n\s*<?(${EMAIL})>?`),
    diagnostic: /^((?:[45]\d\d|smtp;)[^\n]+)$/im,
  },
];

/** The first known free-text format the text is in, with what it says about each failed recipient. */
export function readFreeText(text: string): { format: string; delayed: boolean; recipient: ReportRecipient } | null {
  for (const f of FREE_TEXT_FORMATS) {
    if (!f.detect.test(text)) continue;
    const email = f.recipient.exec(text)?.[1] ?? null;
    const m = f.diagnostic.exec(text);
    const diagnostic = m ? (m.slice(1).find(Boolean) ?? '').replace(/\s+/g, ' ').trim() : null;
    return {
      format: f.name,
      delayed: f.delayed?.test(text) ?? false,
      recipient: { email: email?.toLowerCase() ?? null, action: 'failed', status: statusIn(diagnostic), diagnostic: diagnostic || null, remoteMta: f.remoteMta?.exec(text)?.[1] ?? null },
    };
  }
  return null;
}

/** An RFC 3463 enhanced status code in the words, ignoring IP addresses that look like one. */
export function statusIn(text: string | null | undefined): string | null {
  if (!text) return null;
  return /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/.exec(text.replace(/\b\d{1,3}(\.\d{1,3}){3}\b/g, ''))?.[1] ?? null;
}
