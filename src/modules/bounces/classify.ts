import type { BounceClass } from '../../db/schema-email.js';

export type DeliveryClass = Exclude<BounceClass, 'complaint'>;
export interface Classification {
  class: DeliveryClass;
  /** A short, stable reason shown in reports ("user unknown", "mailbox full", "blocklisted"…). */
  reason: string;
}

interface Rule { class: DeliveryClass; reason: string; pattern: RegExp }

/**
 * Classification by REASON, not by the first digit: the remote server's words are read first, in
 * this order, and the status code only decides when the words say nothing known. Policy comes
 * first because a block is often worded with recipient words ("550 5.7.1 recipient rejected: your
 * IP is on a blocklist") and a block is the sender's fault: the recipient must not be suppressed.
 */
const RULES: Rule[] = [
  { class: 'policy', reason: 'blocklisted', pattern: /spamhaus|spamcop|barracuda|sorbs|block ?list|black ?list|blocked using|\bdnsbl|\brbl\b|on our block|S3150|listed (at|in|on)/i },
  { class: 'policy', reason: 'missing PTR', pattern: /\bptr\b|reverse (dns|lookup|hostname)|rdns|cannot find your hostname|no hostname|5\.7\.25\b/i },
  { class: 'policy', reason: 'authentication failed', pattern: /\bdmarc\b|\bspf\b|\bdkim\b|authentication (check|fail|requir)|not pass authentication|unauthenticated|5\.7\.2[0-9]\b/i },
  { class: 'policy', reason: 'spam detected', pattern: /spam|unsolicited|junk mail|content (rejected|filter)|message content|phish|virus|malware/i },
  { class: 'policy', reason: 'reputation', pattern: /reputation|user complaints|unexpected volume|rate limit|too many (messages|connections)|sending rate|TSS0\d|RLY:|throttl/i },
  { class: 'policy', reason: 'policy', pattern: /policy|\bblocked\b|sender address rejected|not accepted for policy|relay(ing)? (access )?denied|not permitted to relay|5\.7\.\d+/i },
  { class: 'hard', reason: 'host unknown', pattern: /host (or domain name )?(unknown|not found)|domain (not found|does not exist|name not found)|no such domain|nxdomain|unrouteable|no mx|name service error|host not found|5\.1\.2\b|5\.4\.4\b/i },
  { class: 'hard', reason: 'moved', pattern: /has moved|no longer (valid|available|in use|active|exists|at)|address changed|5\.1\.6\b/i },
  { class: 'hard', reason: 'mailbox disabled', pattern: /(account|mailbox|user|address)[^.\n]{0,40}(disabled|deactivated|inactive|suspended|closed|expired and is not)|5\.2\.1\b/i },
  { class: 'hard', reason: 'user unknown', pattern: /user ?unknown|unknown (user|recipient|address|mailbox)|no such (user|mailbox|recipient|address)|does ?n[o']t (exist|have an? [\w.]+ account)|not exist|recipient ?not ?found|mailbox (not found|unavailable|does not exist)|invalid (recipient|mailbox|address)|address rejected|recipient (address )?rejected|not a valid (mailbox|recipient)|unknown or illegal alias|couldn't be found|could not be found|user not found|no mailbox|RecipientNotFound|5\.1\.[0-3]\b|5\.1\.10\b|5\.4\.1\b/i },
  { class: 'soft', reason: 'mailbox full', pattern: /mailbox (is )?full|over ?quota|quota (exceeded|full)|exceeded (its|the) (storage|quota)|insufficient (storage|space)|out of storage|QuotaExceeded|storage (limit|allocation)|[45]\.2\.2\b/i },
  { class: 'soft', reason: 'message too large', pattern: /message (size )?(too (large|big)|exceeds)|size limit|[45]\.[23]\.4\b/i },
  { class: 'soft', reason: 'expired', pattern: /expired|too long in (the )?queue|retry time(out)? (exceeded|reached)|delivery time ?out|gave up|4\.4\.7\b/i },
  { class: 'soft', reason: 'temporary failure', pattern: /temporar|try again|deferred|greylist|timed? ?out|connection (refused|reset|lost)|service (not available|unavailable)|resources|4\.\d\.\d+/i },
];

/** The class and reason of a failed delivery from its enhanced status code, the remote words and a provider's hint. */
export function classifyBounce(input: { status?: string | null; diagnostic?: string | null; hint?: DeliveryClass | null }): Classification {
  // IP addresses look like status codes ("10.4.2.1" holds "4.2.1"): they are blanked first.
  const text = (input.diagnostic ?? '').replace(/\b\d{1,3}(\.\d{1,3}){3}\b/g, '[ip]');
  for (const rule of RULES) if (text && rule.pattern.test(text)) return { class: rule.class, reason: rule.reason };
  const code = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(input.status?.trim() ?? '');
  if (code) {
    const [, first, subject, detail] = code;
    if (subject === '7') return { class: 'policy', reason: 'policy' };
    for (const rule of RULES) if (rule.pattern.test(`${first}.${subject}.${detail}`)) return { class: rule.class, reason: rule.reason };
    if (first === '4') return { class: 'soft', reason: 'temporary failure' };
    if (first === '5' && subject === '1') return { class: 'hard', reason: 'user unknown' };
  }
  if (input.hint) return { class: input.hint, reason: input.hint === 'hard' ? 'permanent failure' : input.hint === 'soft' ? 'temporary failure' : 'policy' };
  return { class: 'unknown', reason: 'unrecognised failure' };
}
