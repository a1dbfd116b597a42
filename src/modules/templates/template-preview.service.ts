import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { prepareMessage, renderMessage, type RenderData } from '../../mail/render-message.js';
import { publicBase } from '../audience/public-url.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { loadSendingIdentity } from '../delivery/sending-identity.js';
import { loadTemplate, mjmlOf, validateContent } from './templates.service.js';
import * as repo from './templates.repo.js';
import type { PreviewInput, TestSendInput } from './templates.schema.js';

const SAMPLE_CONTACT = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', company: { name: 'Analytical Engines Ltd' } };

/** Render data for a preview or a test: a real contact when named, else a sample one. */
async function renderDataFor(ctx: AppContext, actor: Actor, contactId: number | undefined): Promise<RenderData> {
  const workspace = await repo.findWorkspaceForRender(ctx.db, actor.workspaceId);
  let contact: RenderData['contact'] = SAMPLE_CONTACT;
  if (contactId !== undefined) {
    requirePermission(actor, 'contacts:read');
    const c = await repo.findPreviewContact(ctx.db, actor.workspaceId, contactId);
    if (!c) throw AppError.invalid({ path: 'contactId', message: 'no such contact' });
    contact = { ...(c.custom as Record<string, unknown>), id: c.id, first_name: c.first_name, last_name: c.last_name, email: c.email ?? '', company: c.company_name ? { name: c.company_name } : null };
  }
  // Links in previews and tests go nowhere that changes a subscription.
  const base = publicBase(ctx.config);
  return { contact, workspace, unsubscribe_url: `${base}/unsubscribe/preview`, preferences_url: `${base}/preferences/preview`, campaign: { name: 'Preview' } };
}

async function render(ctx: AppContext, actor: Actor, content: { mjml: string; subject: string; preheader: string }, contactId?: number) {
  const html = await validateContent(content);
  const prepared = prepareMessage({ html, subject: content.subject, preheader: content.preheader });
  const data = await renderDataFor(ctx, actor, contactId);
  // Over the sandbox's time or memory limit: the template's fault, said as such (not a 500).
  const out = await renderMessage(prepared, data).catch((err: Error) => {
    throw AppError.invalid({ path: 'mjml', message: `the Liquid could not be rendered: ${err.message}` });
  });
  return { ...out, sizeBytes: Buffer.byteLength(out.html) };
}

/** Renders unsaved content (the editor's live preview): compiled, personalised, with its text part. */
export async function previewTemplate(options: { ctx: AppContext; actor: Actor; input: PreviewInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'campaigns:read');
  const mjml = mjmlOf(input);
  if (mjml === undefined) throw AppError.invalid({ path: 'mjml', message: 'give mjml or blocks' });
  const out = await render(ctx, actor, { mjml, subject: input.subject, preheader: input.preheader }, input.contactId);
  const token = randomBytes(16).toString('base64url');
  await repo.savePreview(ctx.db, actor.workspaceId, token, out.html);
  return { ...out, url: `/api/v1/templates/previews/${token}` };
}

/** The HTML of a preview, for its frame (see templates.routes.ts for the policy it is served with). */
export async function getPreviewHtml(options: { ctx: AppContext; actor: Actor; token: string }): Promise<string> {
  requirePermission(options.actor, 'campaigns:read');
  const row = await repo.findPreview(options.ctx.db, options.actor.workspaceId, options.token);
  if (!row) throw AppError.notFound('Preview');
  return row.html;
}

/**
 * Sends the saved template to up to five addresses through the workspace's sending account for
 * the from-domain, DKIM-signed when the domain has a key. No send guard: the user names the addresses.
 */
export async function sendTestTemplate(options: { ctx: AppContext; actor: Actor; id: number; input: TestSendInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'campaigns:write');
  const template = await loadTemplate(ctx.db, actor, id);
  const message = await render(ctx, actor, template, input.contactId);
  // The same account choice and unsealed secrets as a campaign from this address would use.
  const { accounts, dkim } = await loadSendingIdentity(ctx.db, ctx.secret, actor.workspaceId, input.fromEmail);
  const account = accounts[0]!; // loadSendingIdentity refuses (400 on fromEmail) when there is none
  const transport = nodemailer.createTransport({
    host: account.host, port: account.port, secure: account.security === 'tls', ignoreTLS: account.security === 'none', requireTLS: account.security === 'starttls',
    auth: account.username ? { user: account.username, pass: account.password ?? '' } : undefined,
    dkim: dkim ? { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string } : undefined,
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({
      from: { name: input.fromName, address: input.fromEmail }, to: input.to, subject: `[Test] ${message.subject}`, html: message.html, text: message.text,
    });
    return { sent: input.to.length, messageId: info.messageId, accountId: account.id, dkim: Boolean(dkim) };
  } catch (err) {
    // The relay's words are the user's to see; credentials are not in them.
    throw AppError.invalid({ path: 'fromEmail', message: `the SMTP server refused the test: ${(err as Error).message}` });
  } finally {
    transport.close();
  }
}
