import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No marketing email can bypass the send guard: any code that reaches the mail transport (or
 * nodemailer directly) must either be a known transactional sender, or import the guard
 * (`eligibleRecipients`) and the List-Unsubscribe helper. A new campaign or journey sender that
 * mails a list without them fails here before it can ship.
 */
const TRANSACTIONAL = new Map([
  ['src/mail/transport.ts', 'the transport itself'],
  ['src/mail/smtp-pool.ts', 'the pooled SMTP transport itself; campaigns reach it only from recipients frozen through the guard (campaigns/audience-query.ts)'],
  ['src/mail/smtp-connection.ts', 'Rapport\'s own SMTP client (one session), used only by the pool above'],
  ['src/modules/delivery/batch-sender.ts', 'campaign batches: recipients frozen through the guard (campaigns/audience-query.ts), each message built with listUnsubscribeHeaders (delivery/campaign-message.ts)'],
  ['src/modules/notifications/task-reminder.job.ts', 'task reminders to the assignee (a user, not a contact)'],
  ['src/modules/notifications/notifications.service.ts', 'reads whether email is enabled; sends nothing'],
  ['src/modules/audience/confirmation.ts', 'double opt-in confirmation, asked for by the recipient; capped 3/address/day'],
  ['src/modules/templates/template-preview.service.ts', 'a template test send to up to five addresses the user types, rate limited; no list is mailed'],
  ['src/modules/tickets/ticket-replies.ts', 'an agent’s reply to the customer who wrote the ticket'],
  ['src/modules/csat/csat.job.ts', 'one satisfaction survey to the customer of their own solved ticket; none to a suppressed address'],
]);

// Rapport's own SMTP client counts as a transport too: its pool, its session, or raw SMTP commands.
const SEND = /\bmailTransport\s*\(|from\s+['"]nodemailer['"]|\.sendMail\s*\(|createTransport\s*\(|\bsmtpPool\b|new\s+SmtpSession\s*\(|MAIL FROM:</;

function unguardedSenders(files: { path: string; text: string }[]): string[] {
  return files.filter((f) => SEND.test(f.text) && !TRANSACTIONAL.has(f.path))
    .filter((f) => !(/\beligibleRecipients\b/.test(f.text) && /\blistUnsubscribeHeaders\b/.test(f.text)))
    .map((f) => f.path);
}

function sourceFiles(dir: string, root: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full, root);
    if (!/\.(ts|tsx|js|mjs)$/.test(name) || /\.test\.ts$/.test(name)) return [];
    return [{ path: relative(root, full).split('\\').join('/'), text: readFileSync(full, 'utf8') }];
  });
}

describe('send paths', () => {
  const root = join(import.meta.dirname, '../../..');

  it('every code path to the mail transport is transactional or goes through the send guard', () => {
    const files = sourceFiles(join(root, 'src'), root);
    expect(files.length).toBeGreaterThan(50);
    expect(unguardedSenders(files)).toEqual([]);
    // The allow-list names real files that still send (a stale entry would hide a rename).
    for (const path of TRANSACTIONAL.keys()) expect(files.find((f) => f.path === path)?.text).toMatch(SEND);
  });

  it('catches a sender that bypasses the guard', () => {
    const campaign = { path: 'src/modules/campaigns/send.job.ts', text: "import { mailTransport } from '../../mail/transport.js';\nawait mailTransport(c, l).send(m);" };
    const direct = { path: 'src/modules/journeys/step.ts', text: "import nodemailer from 'nodemailer';" };
    const guarded = { path: 'src/modules/campaigns/ok.ts', text: 'mailTransport(c, l); eligibleRecipients(x); listUnsubscribeHeaders(y);' };
    expect(unguardedSenders([campaign, direct, guarded])).toEqual([campaign.path, direct.path]);
  });
});
