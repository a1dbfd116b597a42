import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Actor } from '../auth/permissions.js';
import { findConfirmationToken, spendConfirmationToken } from '../audience/audience.repo.js';
import { emailHash } from '../audience/email-hash.js';
import { verifyLink, type LinkClaims, type LinkPurpose } from '../audience/link-tokens.js';
import { findContact, lockContact, updateContact } from '../contacts/contacts.repo.js';
import { normalizePhone } from '../contacts/normalize.js';
import { lockList, membershipsOf, recordConsents } from '../lists/lists.repo.js';
import { applyMembership, type ConsentEvidence } from '../lists/membership.js';
import { insertSuppressions } from '../suppressions/suppressions.repo.js';
import { recordCampaignUnsubscribe } from '../tracking/tracking.service.js';
import { publicActor } from './public-actor.js';

export interface Visitor {
  ip: string;
  userAgent: string | null;
}

/** A link is checked before anything is read: bad or edited → 400, expired → 410; nothing changes. */
export function checkLink(ctx: AppContext, token: string, purpose: LinkPurpose): LinkClaims {
  const r = verifyLink(ctx.secret, token, purpose);
  if (r.ok) return r.claims;
  if (r.reason === 'expired') throw new AppError(ErrorCode.GONE, 'This link has expired');
  throw AppError.invalid({ path: 'token', message: 'this link is not valid (it may have been cut or changed)' });
}

/** The contact a link is bound to, or 410 when it no longer exists (erased or deleted). */
export async function linkContact(db: Executor, claims: LinkClaims) {
  const contact = await findContact(db, claims.w, claims.c);
  if (!contact) throw new AppError(ErrorCode.GONE, 'This link is no longer valid');
  return contact;
}

const evidenceOf = (source: ConsentEvidence['source'], v: Visitor, proof: string): ConsentEvidence =>
  ({ source, ip: v.ip, userAgent: v.userAgent?.slice(0, 500) ?? null, lawfulBasis: 'consent', proof });

/**
 * Spends a confirmation link once and subscribes the contact to the lists still pending from it
 * (a list left since is not re-joined). Fields typed on the form fill the contact's blanks now.
 */
export async function confirmLink(ctx: AppContext, token: string, v: Visitor): Promise<{ lists: string[] }> {
  const claims = checkLink(ctx, token, 'confirm');
  if (!claims.n) throw AppError.invalid({ path: 'token', message: 'this link is not valid' });
  return ctx.db.transaction().execute(async (trx) => {
    const spent = await spendConfirmationToken(trx, claims.n!, claims.w, claims.c);
    if (!spent) {
      const known = await findConfirmationToken(trx, claims.n!);
      if (known?.used_at) throw AppError.conflict('This confirmation link has already been used');
      throw new AppError(ErrorCode.GONE, 'This link is no longer valid');
    }
    if (spent.expires_at.getTime() < Date.now()) throw new AppError(ErrorCode.GONE, 'This link has expired');
    await lockContact(trx, claims.w, claims.c);
    const actor = publicActor(claims.w, `confirmation:${claims.c}`);
    const evidence = { ...evidenceOf('confirmation', v, `Confirmation link opened from ${v.ip}`), formId: spent.form_id };
    const names: string[] = [];
    for (const listId of (spent.list_ids as unknown as number[]).map(Number)) {
      const list = await lockList(trx, claims.w, listId);
      const status = list && (await membershipsOf(trx, claims.w, claims.c)).find((m) => m.id === listId)?.status;
      if (!list || status !== 'pending') continue;
      await applyMembership(trx, { ctx, list, contactIds: [claims.c], target: 'subscribed', evidence, actor });
      names.push(list.public_name ?? list.name);
    }
    await fillBlanks(trx, claims, spent.fields as Record<string, unknown>);
    return { lists: names };
  });
}

async function fillBlanks(trx: Executor, claims: LinkClaims, fields: Record<string, unknown>) {
  const c = await findContact(trx, claims.w, claims.c);
  if (!c || !fields) return;
  const blank = (v: unknown) => v === null || v === undefined || v === '';
  const custom = { ...c.custom } as Record<string, unknown>;
  for (const [k, val] of Object.entries(fields)) if (k.startsWith('custom.') && blank(custom[k.slice(7)])) custom[k.slice(7)] = val;
  const phone = c.phone ? undefined : (fields.phone as string | undefined);
  await updateContact(trx, claims.w, claims.c, {
    first_name: c.first_name || (fields.first_name as string | undefined) || undefined,
    last_name: c.last_name || (fields.last_name as string | undefined) || undefined,
    ...(phone ? { phone, phone_normalized: normalizePhone(phone) } : {}),
    custom: custom as never,
  });
}

/** Leaves every list and suppresses the address ("unsubscribe from all"); idempotent. */
export async function unsubscribeEverywhere(ctx: AppContext, trx: Executor, actor: Actor, contactId: number, evidence: ConsentEvidence) {
  const ws = actor.workspaceId;
  for (const m of await membershipsOf(trx, ws, contactId)) {
    if (m.status === 'unsubscribed') continue;
    const list = (await lockList(trx, ws, m.id))!;
    await applyMembership(trx, { ctx, list, contactIds: [contactId], target: 'unsubscribed', evidence, actor });
  }
  const contact = await findContact(trx, ws, contactId);
  if (contact?.email) {
    const added = await insertSuppressions(trx, ws, [{ email: contact.email, emailHash: emailHash(ctx.secret, contact.email), reason: 'unsubscribed', note: `Unsubscribed from all (${evidence.source})` }]);
    // The channel-wide withdrawal is the ledger's record of "no more marketing email at all".
    if (added.length) {
      await recordConsents(trx, ws, [{ contactId, listId: null, status: 'withdrawn', source: evidence.source, ip: evidence.ip ?? null, textShown: null, actorUserId: null, userAgent: evidence.userAgent, proof: evidence.proof, actorLabel: actor.label }]);
    }
  }
}

/**
 * RFC 8058 one-click (and the page's button): leaves the link's list, or everything when the
 * link names none; a campaign's link also marks its recipient row, for the campaign's report.
 * Idempotent: a second POST changes nothing and answers the same.
 */
export async function unsubscribeLink(ctx: AppContext, token: string, v: Visitor): Promise<{ listName: string | null }> {
  const claims = checkLink(ctx, token, 'unsubscribe');
  return ctx.db.transaction().execute(async (trx) => {
    await linkContact(trx, claims);
    await lockContact(trx, claims.w, claims.c);
    const actor = publicActor(claims.w, `unsubscribe-link:${claims.c}`);
    const evidence = evidenceOf('one_click_unsubscribe', v, `Unsubscribe link used from ${v.ip}`);
    if (claims.r !== undefined) await recordCampaignUnsubscribe(trx, { workspaceId: claims.w, contactId: claims.c, recipientId: claims.r, visitor: v });
    if (claims.l === undefined) {
      await unsubscribeEverywhere(ctx, trx, actor, claims.c, evidence);
      return { listName: null };
    }
    const list = await lockList(trx, claims.w, claims.l);
    if (!list) return { listName: null };
    await applyMembership(trx, { ctx, list, contactIds: [claims.c], target: 'unsubscribed', evidence, actor });
    return { listName: list.public_name ?? list.name };
  });
}
