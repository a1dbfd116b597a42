import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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
  /** The campaign recipient row an unsubscribe link was sent to, so the campaign's report counts it. */
  r?: number;
}

export const LINK_LIFETIME_SECONDS: Record<LinkPurpose, number> = {
  confirm: 7 * 24 * 3600,
  // Preference and unsubscribe links sit in old emails for years and must keep working (CAN-SPAM
  // asks for at least 30 days; people unsubscribe from mail they got long ago).
  preferences: 5 * 365 * 24 * 3600,
  unsubscribe: 5 * 365 * 24 * 3600,
};

export function newNonce(): string {
  return randomBytes(12).toString('base64url');
}

const PURPOSE_CODE: Record<LinkPurpose, string> = { confirm: 'c', preferences: 'p', unsubscribe: 'u' };
const CODE_PURPOSE = Object.fromEntries(Object.entries(PURPOSE_CODE).map(([k, v]) => [v, k])) as Record<string, LinkPurpose>;

// Compact on purpose: a token is one path segment (Fastify allows 100 characters) and sits in
// mail clients that wrap long lines. A 128-bit truncated HMAC-SHA256 is ample for a link.
function mac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(`link:${value}`).digest().subarray(0, 16).toString('base64url');
}

export function signLink(secret: string, claims: Omit<LinkClaims, 'e'> & { e?: number }, now = Date.now()): string {
  const e = claims.e ?? Math.floor(now / 1000) + LINK_LIFETIME_SECONDS[claims.p];
  const parts = [PURPOSE_CODE[claims.p] + claims.w.toString(36), claims.c.toString(36), claims.l?.toString(36) ?? '', e.toString(36), claims.n ?? ''];
  // The recipient is a sixth part only when present: links in mail sent before it stay valid.
  if (claims.r !== undefined) parts.push(claims.r.toString(36));
  const value = parts.join('.');
  return `${value}.${mac(secret, value)}`;
}

function parseClaims(value: string): LinkClaims | null {
  const [head, c, l, e, n, r, ...rest] = value.split('.');
  if (rest.length || !head || !c || !e || n === undefined || r === '') return null;
  const int = (v: string) => (/^[0-9a-z]{1,11}$/.test(v) ? parseInt(v, 36) : NaN);
  const claims: LinkClaims = { p: CODE_PURPOSE[head[0]], w: int(head.slice(1)), c: int(c), e: int(e) };
  if (l) claims.l = int(l);
  if (n) claims.n = n;
  if (r !== undefined) claims.r = int(r);
  return claims;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Verifies signature, shape, purpose and expiry; any failure is a plain answer, never a throw. */
export function verifyLink(secret: string, token: string, purpose: LinkPurpose, now = Date.now()): LinkCheck {
  const dot = token.lastIndexOf('.');
  if (token.length > 200 || dot <= 0) return { ok: false, reason: 'invalid' };
  const value = token.slice(0, dot);
  const expected = Buffer.from(mac(secret, value));
  const actual = Buffer.from(token.slice(dot + 1));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'invalid' };
  const claims = parseClaims(value);
  if (!claims || claims.p !== purpose || !Number.isSafeInteger(claims.w) || !Number.isSafeInteger(claims.c) || !Number.isSafeInteger(claims.e)) return { ok: false, reason: 'invalid' };
  if ((claims.l !== undefined && !Number.isSafeInteger(claims.l)) || (claims.r !== undefined && !Number.isSafeInteger(claims.r))) return { ok: false, reason: 'invalid' };
  if (claims.e * 1000 < now) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
