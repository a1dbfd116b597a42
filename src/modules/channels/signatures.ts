import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, compared in constant time. Shopify and WooCommerce both send the base64
 * HMAC-SHA256 of the raw body (X-Shopify-Hmac-Sha256, X-WC-Webhook-Signature); message gateways
 * send `v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the timestamp beside it.
 */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bodySignatureValid(secret: string, raw: Buffer, header: string | undefined): boolean {
  if (!header || header.length > 200) return false;
  return sameBytes(createHmac('sha256', secret).update(raw).digest(), Buffer.from(header, 'base64'));
}

export function signBody(secret: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}

/** The replay window of timestamped signatures, either way (clock skew). */
export const SIGNATURE_WINDOW_SECONDS = 300;

export function signTimestamped(secret: string, timestamp: string, raw: Buffer | string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex')}`;
}

export function timestampedSignatureValid(secret: string, raw: Buffer, timestamp: string | undefined, header: string | undefined, now = Date.now()): 'ok' | 'stale' | 'bad' {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !header?.startsWith('v1=') || header.length > 200) return 'bad';
  if (!sameBytes(Buffer.from(signTimestamped(secret, timestamp, raw)), Buffer.from(header))) return 'bad';
  return Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS ? 'stale' : 'ok';
}
