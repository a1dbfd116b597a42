import { createHmac } from 'node:crypto';
import { normalizeEmail } from '../contacts/normalize.js';

/**
 * The suppression key of an address: HMAC(secret, normalised address). Normalised the way
 * duplicates are found (case, +tags, Gmail dots), so "A.B+x@gmail.com" is suppressed with
 * "ab@gmail.com". Keyed, so the hash kept for an erased contact can't be reversed by hashing a
 * dictionary of addresses without the instance secret.
 */
export function emailHash(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`suppression:${normalizeEmail(email) ?? ''}`).digest('hex');
}

// A pragmatic check (what mail servers accept in practice): one @, a dotted domain, no spaces.
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isSendableEmail(email: string | null | undefined): email is string {
  return typeof email === 'string' && email.length <= 254 && EMAIL.test(email);
}
