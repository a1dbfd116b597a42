import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { compileMjml, parseLiquidField } from '../../mail/render-message.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { countAudience } from './audience-query.js';
import * as repo from './campaigns.repo.js';
import { audienceOf, loadCampaign } from './campaigns.service.js';
import { spamScoreOnce } from './spam-score.js';

export type CheckStatus = 'pass' | 'warn' | 'block' | 'skip';
export interface CheckItem { key: string; status: CheckStatus; message: string }
export interface Checklist { ready: boolean; items: CheckItem[]; recipientCount: number | null; sizeBytes: number | null; spamScore: number | null }

/** Gmail clips a message body over 102 KB; warn a little before. */
export const CLIP_BYTES = 100 * 1024;
const UNSUBSCRIBE = /\{\{-?\s*unsubscribe_url\b/;
const POSTAL = /\{\{-?\s*workspace\.postal_address\b/;

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * The pre-send checklist: what blocks a send (no verified from/reply-to domain, no template or
 * invalid MJML/Liquid, no unsubscribe link, no postal address, an empty audience) and what only
 * warns (a body Gmail would clip, SpamAssassin's opinion). Sending and scheduling run it and
 * refuse with the blocking reasons; the editor shows it.
 */
export async function evaluateChecklist(ctx: AppContext, actor: Actor, c: repo.CampaignRow, db: Executor = ctx.db): Promise<Checklist> {
  const items: CheckItem[] = [];
  const add = (key: string, status: CheckStatus, message: string) => items.push({ key, status, message });
  const liquidError = (src: string, field: string) => { try { parseLiquidField(src, field); return null; } catch (e) { return (e as Error).message; } };

  const subjectError = c.subject.trim() ? liquidError(c.subject, 'subject') : 'subject: is empty';
  add('subject', subjectError ? 'block' : 'pass', subjectError ?? 'Subject is set');
  const addresses = [c.from_email, c.reply_to].filter((e): e is string => !!e);
  const verified = await repo.verifiedDomains(db, actor.workspaceId, addresses.map(domainOf));
  if (!c.from_email) add('from', 'block', 'No from address');
  else add('from', verified.has(domainOf(c.from_email)) ? 'pass' : 'block', verified.has(domainOf(c.from_email)) ? `Sending from ${c.from_email}` : `${domainOf(c.from_email)} is not a verified sending domain`);
  if (c.reply_to) add('replyTo', verified.has(domainOf(c.reply_to)) ? 'pass' : 'block', verified.has(domainOf(c.reply_to)) ? `Replies go to ${c.reply_to}` : `Reply-to domain ${domainOf(c.reply_to)} is not a verified sending domain`);

  let html: string | null = null;
  const template = c.template_id === null ? null : await repo.findTemplate(db, actor.workspaceId, c.template_id);
  if (!template) add('template', 'block', 'No template chosen');
  else {
    try {
      html = await compileMjml(template.mjml, 'template');
      const err = liquidError(html, 'template');
      add('template', err ? 'block' : 'pass', err ?? `Template "${template.name}"`);
      if (err) html = null;
    } catch (e) {
      add('template', 'block', (e as Error).message);
    }
  }
  const postal = await repo.workspacePostalAddress(db, actor.workspaceId);
  if (template) {
    add('unsubscribe', UNSUBSCRIBE.test(template.mjml) ? 'pass' : 'block', UNSUBSCRIBE.test(template.mjml) ? 'Has an unsubscribe link' : 'The template has no unsubscribe link ({{ unsubscribe_url }})');
    const shown = POSTAL.test(template.mjml) || (postal !== null && template.mjml.includes(postal));
    add('postalAddress', postal && shown ? 'pass' : 'block', !postal ? 'The workspace has no postal address (Settings)' : shown ? 'Shows the postal address' : 'The template does not show the postal address ({{ workspace.postal_address }})');
  }

  let recipientCount: number | null = null;
  try {
    recipientCount = await countAudience({ ctx, actor, audience: audienceOf(c), db });
    add('audience', recipientCount > 0 ? 'pass' : 'block', recipientCount > 0 ? `${recipientCount} recipients` : 'The audience has no one who may receive it');
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    add('audience', 'block', e.message);
  }

  const sizeBytes = html === null ? null : Buffer.byteLength(html, 'utf8');
  if (sizeBytes !== null) add('size', sizeBytes > CLIP_BYTES ? 'warn' : 'pass', `${Math.round(sizeBytes / 1024)} KB${sizeBytes > CLIP_BYTES ? ': Gmail clips messages over 102 KB' : ''}`);
  let score: number | null = null;
  if (html !== null) {
    const spam = await spamScoreOnce(JSON.stringify([c.from_name, c.from_email, c.subject, html]), () => rawMessage(c, html!));
    if (!spam.available) add('spam', 'skip', 'SpamAssassin is not installed');
    else if (spam.score === null) add('spam', 'skip', `SpamAssassin: ${spam.error}`);
    else {
      score = spam.score;
      add('spam', spam.threshold !== null && spam.score >= spam.threshold ? 'warn' : 'pass', `SpamAssassin score ${spam.score} (threshold ${spam.threshold})`);
    }
  }
  return { ready: !items.some((i) => i.status === 'block'), items, recipientCount, sizeBytes, spamScore: score };
}

/** What SpamAssassin reads: the headers and HTML as sent, Liquid not yet rendered. */
function rawMessage(c: repo.CampaignRow, html: string): string {
  const from = c.from_name ? `"${c.from_name.replace(/["\r\n]/g, '')}" <${c.from_email}>` : c.from_email;
  return [`From: ${from}`, 'To: recipient@example.com', `Subject: ${c.subject.replace(/[\r\n]/g, ' ')}`, 'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8', `Date: ${new Date().toUTCString()}`, '', html].join('\r\n');
}

export async function getChecklist(o: { ctx: AppContext; actor: Actor; id: number }): Promise<Checklist> {
  requirePermission(o.actor, 'campaigns:read');
  return evaluateChecklist(o.ctx, o.actor, await loadCampaign(o.ctx.db, o.actor, o.id));
}

/** Refuses with every blocking reason, each naming its check. */
export function assertReady(list: Checklist): void {
  const blocks = list.items.filter((i) => i.status === 'block');
  if (blocks.length) throw new AppError('VALIDATION', `Not ready to send: ${blocks.map((b) => b.message).join('; ')}`, { fields: blocks.map((b) => ({ path: b.key, message: b.message })), checklist: list });
}
