import { readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { classifyBounce } from './classify.js';
import { parseReport, type ReportType } from './parse-report.js';

interface Expected {
  type: ReportType;
  format: string;
  email?: string | null;
  status?: string | null;
  class?: string;
  reason?: string;
  /** Words the remote server's quoted diagnostic must contain. */
  words?: string;
  messageId?: string;
}

// Every fixture, as MTAs and mailbox providers word them, and what Rapport must make of it.
const FIXTURES: Record<string, Expected> = {
  'postfix-user-unknown': { type: 'bounce', format: 'rfc3464', email: 'bob@example.org', status: '5.1.1', class: 'hard', reason: 'user unknown', words: 'User unknown in virtual mailbox table', messageId: 'c7.r42.1733030000@rapport.test' },
  'postfix-mailbox-full': { type: 'bounce', format: 'rfc3464', email: 'carol@example.net', status: '5.2.2', class: 'soft', reason: 'mailbox full' },
  'postfix-spamhaus': { type: 'bounce', format: 'rfc3464', email: 'dan@example.com', status: '5.7.1', class: 'policy', reason: 'blocklisted', words: 'zen.spamhaus.org' },
  'postfix-delayed': { type: 'delay', format: 'rfc3464', email: 'mia@example.org', status: '4.4.1', class: 'soft', reason: 'temporary failure' },
  'sendmail-user-unknown': { type: 'bounce', format: 'sendmail', email: 'nina@oldco.test', status: '5.1.1', class: 'hard', reason: 'user unknown', messageId: 'c7.r42.1733030000@rapport.test' },
  'sendmail-host-unknown': { type: 'bounce', format: 'sendmail', email: 'oscar@nosuch.example', status: '5.1.2', class: 'hard', reason: 'host unknown' },
  'exim-user-unknown': { type: 'bounce', format: 'exim', email: 'pat@hoster.test', status: '5.1.1', class: 'hard', reason: 'user unknown', words: 'User unknown in local recipient table' },
  'exim-retry-timeout': { type: 'bounce', format: 'exim', email: 'quinn@slow.test', status: null, class: 'soft', reason: 'expired' },
  'exim-delay': { type: 'delay', format: 'exim', email: 'rita@slow.test', status: '4.3.0', class: 'soft', reason: 'temporary failure' },
  'exchange-recipient-not-found': { type: 'bounce', format: 'exchange', email: 'sam@fabrikam.test', status: '5.1.10', class: 'hard', reason: 'user unknown', words: 'RecipientNotFound', messageId: 'c7.r44.1733030000@rapport.test' },
  'exchange-quota': { type: 'bounce', format: 'rfc3464', email: 'erin@contoso.test', status: '5.2.2', class: 'soft', reason: 'mailbox full' },
  'outlook-blocklist': { type: 'bounce', format: 'rfc3464', email: 'frank@outlook.com', status: '5.7.1', class: 'policy', reason: 'blocklisted', words: 'S3150' },
  'gmail-user-unknown': { type: 'bounce', format: 'rfc3464', email: 'grace@gmail.com', status: '5.1.1', class: 'hard', reason: 'user unknown' },
  'gmail-dmarc': { type: 'bounce', format: 'rfc3464', email: 'heidi@gmail.com', status: '5.7.26', class: 'policy', reason: 'authentication failed' },
  'gmail-missing-ptr': { type: 'bounce', format: 'rfc3464', email: 'ivan@gmail.com', status: '5.7.25', class: 'policy', reason: 'missing PTR' },
  'gmail-over-quota': { type: 'bounce', format: 'gmail', email: 'uma@gmail.com', status: '4.2.2', class: 'soft', reason: 'mailbox full' },
  'yahoo-user-unknown': { type: 'bounce', format: 'yahoo', email: 'tina@yahoo.com', status: null, class: 'hard', reason: 'user unknown', words: "doesn't have a yahoo.com account" },
  'yahoo-tss04': { type: 'bounce', format: 'rfc3464', email: 'judy@yahoo.com', status: '4.7.0', class: 'policy', reason: 'reputation' },
  'ses-user-unknown': { type: 'bounce', format: 'rfc3464', email: 'kim@example.org', status: '5.1.1', class: 'hard', reason: 'user unknown' },
  'ses-expired': { type: 'bounce', format: 'rfc3464', email: 'liam@nowhere.example', status: '4.4.7', class: 'soft', reason: 'expired' },
  'arf-yahoo': { type: 'complaint', format: 'arf', email: 'vera@yahoo.com', messageId: 'c7.r46.1733030000@rapport.test' },
  'arf-outlook-jmrp': { type: 'complaint', format: 'arf', email: 'walt@hotmail.com', messageId: 'c7.r47.1733030000@rapport.test' },
  'autoreply-out-of-office': { type: 'auto_reply', format: 'rfc3834' },
  'autoreply-vacation': { type: 'auto_reply', format: 'rfc3834' },
  garbage: { type: 'unrecognised', format: 'unknown' },
};

const load = async (name: string) => PostalMime.parse(readFileSync(new URL(`./fixtures/${name}.eml`, import.meta.url)), { attachmentEncoding: 'arraybuffer' } as never);

describe('bounce, complaint and auto-reply fixtures', () => {
  it.each(Object.entries(FIXTURES))('%s', async (name, want) => {
    const report = parseReport(await load(name));
    expect({ type: report.type, format: report.format }).toEqual({ type: want.type, format: want.format });
    if (want.messageId) expect(report.originalMessageId).toBe(want.messageId);
    if (want.type === 'auto_reply' || want.type === 'unrecognised') return expect(report.recipients).toEqual([]);
    const [first] = report.recipients;
    expect(first?.email).toBe(want.email);
    if (want.type === 'complaint') return expect(report.originalReturnPath).toMatch(/^b-c-1-42-/);
    expect(first?.status ?? null).toBe(want.status);
    if (want.words) expect(first?.diagnostic).toContain(want.words);
    expect(classifyBounce({ status: first?.status, diagnostic: first?.diagnostic })).toEqual({ class: want.class, reason: want.reason });
  });

  it('covers every fixture on disk', async () => {
    const { readdirSync } = await import('node:fs');
    const onDisk = readdirSync(new URL('./fixtures/', import.meta.url)).map((f) => f.replace(/\.eml$/, '')).sort();
    expect(onDisk).toEqual(Object.keys(FIXTURES).sort());
  });
});

describe('classifyBounce', () => {
  it('reads IP addresses as addresses, not status codes', () => {
    expect(classifyBounce({ diagnostic: 'host 10.5.1.1 said: mailbox is full' }).reason).toBe('mailbox full');
  });
  it('falls back to the status code, then the provider hint', () => {
    expect(classifyBounce({ status: '5.1.1', diagnostic: 'rejected' })).toEqual({ class: 'hard', reason: 'user unknown' });
    expect(classifyBounce({ status: '4.7.1' }).class).toBe('policy');
    expect(classifyBounce({ status: '5.0.0', hint: 'hard' }).class).toBe('hard');
    expect(classifyBounce({ status: '5.0.0' }).class).toBe('unknown');
  });
});
