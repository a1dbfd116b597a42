import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { dkimSignature, SIGNED_HEADERS } from '../../mail/dkim-sign.js';
import { buildMime, newMessageId, serialize } from '../../mail/mime-build.js';
import { type RenderContact, type RenderData } from '../../mail/render-message.js';
import { verpAddress, type VerpTarget } from '../../mail/verp.js';
import type { DkimKey } from './sending-identity.js';
import { domainOf } from './sending-identity.js';

/** Who a message is from, and how it is signed and bounced; fixed for a whole campaign. */
export interface Sender {
  fromName: string;
  fromEmail: string;
  replyTo: string | null;
  dkim: DkimKey | null;
  bounceDomain: string;
}

export function senderOf(ctx: AppContext, o: { fromName: string; fromEmail: string; replyTo: string | null; dkim: DkimKey | null }): Sender {
  return { ...o, bounceDomain: ctx.config.BOUNCE_DOMAIN ?? domainOf(o.fromEmail) };
}

export interface Composed {
  raw: string;
  messageId: string;
  envelopeFrom: string;
}

/**
 * One recipient's finished message: MIME built, headers set (List-* for marketing), DKIM-signed
 * over them, with a VERP return path naming what it was sent for.
 */
export function composeMessage(ctx: Pick<AppContext, 'secret'>, s: Sender, m: { to: string; subject: string; html: string; text: string; verp: VerpTarget; headers?: Record<string, string> }): Composed {
  const fromDomain = domainOf(s.fromEmail);
  const messageId = newMessageId(fromDomain);
  const built = buildMime({ from: { name: s.fromName, address: s.fromEmail }, to: m.to, replyTo: s.replyTo, subject: m.subject, text: m.text, html: m.html, messageId, headers: m.headers });
  const signature = s.dkim ? dkimSignature({ ...s.dkim, headers: SIGNED_HEADERS }, built.headers, built.body) : '';
  return { raw: serialize(built, signature), messageId, envelopeFrom: verpAddress(ctx.secret, m.verp, s.bounceDomain) };
}

/** The render data of these contacts: standard fields, custom fields by key, and their company. */
export async function loadRenderContacts(db: Executor, workspaceId: number, ids: number[]): Promise<Map<number, RenderContact>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('contacts as c')
    .leftJoin('companies as co', (j) => j.onRef('co.id', '=', 'c.company_id').on('co.workspace_id', '=', workspaceId))
    .select(['c.id', 'c.first_name', 'c.last_name', 'c.email', 'c.job_title', 'c.custom', 'co.name as company_name', 'co.domain as company_domain', 'co.industry as company_industry', 'co.custom as company_custom'])
    .where('c.workspace_id', '=', workspaceId).where('c.id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), {
    ...(r.custom as Record<string, unknown>),
    id: Number(r.id), first_name: r.first_name || null, last_name: r.last_name || null, email: r.email ?? '', job_title: r.job_title,
    company: r.company_name === null ? null : { ...(r.company_custom as Record<string, unknown> | null), name: r.company_name, domain: r.company_domain, industry: r.company_industry },
  }]));
}

export async function loadWorkspaceData(db: Executor, workspaceId: number): Promise<RenderData['workspace']> {
  const w = await db.selectFrom('workspaces').select(['name', 'postal_address']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return { name: w.name, postal_address: w.postal_address };
}
