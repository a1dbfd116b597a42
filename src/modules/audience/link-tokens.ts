import { randomBytes } from 'node:crypto';
import { signValue, verifySigned } from '../../lib/crypto.js';

/**
 * Signed links in audience emails. A token carries its purpose, workspace, contact and expiry,
 * HMAC-signed with the instance secret, so a link can't be edited to act on another contact or
 * reused for another purpose. Confirmation links also carry a nonce that is spent when used.
 */
export type LinkPurpose = 'confirm' | 'preferences' | 'unsubscribe';

export interface LinkClaims {
  p: LinkPurpose;
  w: number;
  c: number;
  /** The list an unsubscribe link is for (absent: all marketing email). */
  l?: number;
  /** Expiry, seconds since the epoch. */
  e: number;
  /** One-time nonce (confirmation links). */
  n?: string;
}

export const LINK_LIFETIME_SECONDS: Record<LinkPurpose, number> = {
  confirm: 7 * 24 * 3600,
  // Preference and unsubscribe links sit in old emails for years and must keep working (CAN-SPAM
  // asks for at least 30 days; people unsubscribe from mail they got long ago).
  preferences: 5 * 365 * 24 * 3600,
  unsubscribe: 5 * 365 * 24 * 3600,
};

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function signLink(secret: string, claims: Omit<LinkClaims, 'e'> & { e?: number }, now = Date.now()): string {
  const full: LinkClaims = { ...claims, e: claims.e ?? Math.floor(now / 1000) + LINK_LIFETIME_SECONDS[claims.p] };
  return signValue(secret, Buffer.from(JSON.stringify(full)).toString('base64url'));
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Verifies signature, shape, purpose and expiry; any failure is a plain answer, never a throw. */
export function verifyLink(secret: string, token: string, purpose: LinkPurpose, now = Date.now()): LinkCheck {
  if (token.length > 1000) return { ok: false, reason: 'invalid' };
  const value = verifySigned(secret, token);
  if (!value) return { ok: false, reason: 'invalid' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (claims.p !== purpose || !Number.isSafeInteger(claims.w) || !Number.isSafeInteger(claims.c) || !Number.isSafeInteger(claims.e)) return { ok: false, reason: 'invalid' };
  if (claims.l !== undefined && !Number.isSafeInteger(claims.l)) return { ok: false, reason: 'invalid' };
  if (claims.e * 1000 < now) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
