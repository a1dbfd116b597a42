import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens of the open pixel and the click redirects. A token names workspace, campaign, recipient
 * and (for a click) the link's position in that campaign's `campaign_links`, never a URL: the
 * click endpoint can only ever redirect to a URL that was in that email. HMAC-SHA256 truncated to
 * 128 bits with a purpose prefix of its own, so a tracking token is never valid as any other link.
 */
export interface TrackingClaims {
  /** 'o': open pixel; 'c': click. */
  k: 'o' | 'c';
  w: number;
  c: number;
  r: number;
  /** The link's position (clicks only). */
  p?: number;
}

function mac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(`track:${value}`).digest().subarray(0, 16).toString('base64url');
}

export function signTracking(secret: string, claims: TrackingClaims): string {
  const parts = [claims.k + claims.w.toString(36), claims.c.toString(36), claims.r.toString(36)];
  if (claims.k === 'c') parts.push((claims.p ?? 0).toString(36));
  const value = parts.join('.');
  return `${value}.${mac(secret, value)}`;
}

const INT = /^[0-9a-z]{1,11}$/;

/** The claims of a genuine token of this kind, or null for anything else (never a throw). */
export function verifyTracking(secret: string, token: string, kind: 'o' | 'c'): TrackingClaims | null {
  if (typeof token !== 'string' || token.length > 120) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = token.slice(0, dot);
  const expected = Buffer.from(mac(secret, value));
  const actual = Buffer.from(token.slice(dot + 1));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const [head, c, r, p, ...rest] = value.split('.');
  if (rest.length || !head || head[0] !== kind || (kind === 'c') !== (p !== undefined)) return null;
  const nums = [head.slice(1), c, r, ...(p === undefined ? [] : [p])];
  if (!nums.every((v) => v !== undefined && INT.test(v))) return null;
  const [w, cid, rid, pos] = nums.map((v) => parseInt(v, 36));
  if (![w, cid, rid].every(Number.isSafeInteger)) return null;
  return kind === 'c' ? { k: kind, w, c: cid, r: rid, p: pos } : { k: kind, w, c: cid, r: rid };
}
