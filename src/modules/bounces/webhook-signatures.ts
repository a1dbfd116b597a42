import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/**
 * The providers' own signature schemes, as pure checks (no I/O): each answers whether a call is
 * the provider's, byte for byte. Replay (timestamps, spent nonces) is the caller's part.
 */

/** A call older or newer than this (by its signed timestamp) is refused as a replay. */
export const REPLAY_WINDOW_SECONDS = 15 * 60;

export function withinReplayWindow(timestampSeconds: number, now = Date.now()): boolean {
  return Number.isFinite(timestampSeconds) && Math.abs(now / 1000 - timestampSeconds) <= REPLAY_WINDOW_SECONDS;
}

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/** An Amazon SNS message as posted (the fields its signature covers, and the signature). */
export interface SnsMessage {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string | null;
  Token?: string;
  SubscribeURL?: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
}

/**
 * The string SNS signs: "name\nvalue\n" for each covered field in this order, Subject only when
 * present; confirmations cover SubscribeURL and Token instead of Subject.
 */
export function snsStringToSign(m: SnsMessage): string {
  const names = m.Type === 'Notification'
    ? ['Message', 'MessageId', ...(m.Subject != null ? ['Subject'] : []), 'Timestamp', 'TopicArn', 'Type']
    : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return names.map((n) => `${n}\n${String((m as unknown as Record<string, unknown>)[n] ?? '')}\n`).join('');
}

/** SignatureVersion 1 is RSA with SHA-1, 2 is RSA with SHA-256; any other version is refused. */
export function verifySnsSignature(m: SnsMessage, certificatePem: string): boolean {
  const algorithm = m.SignatureVersion === '1' ? 'sha1' : m.SignatureVersion === '2' ? 'sha256' : null;
  if (!algorithm) return false;
  try {
    return verify(algorithm, Buffer.from(snsStringToSign(m), 'utf8'), certificatePem, Buffer.from(m.Signature, 'base64'));
  } catch {
    return false;
  }
}

/** Where SNS keeps its signing certificates: https, an sns.<region>.amazonaws.com host, a .pem. */
export function isSnsCertificateUrl(value: string): boolean {
  let url: URL;
  try { url = new URL(value); } catch { return false; }
  return url.protocol === 'https:' && url.port === '' && !url.username && !url.password
    && /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(url.hostname) && url.pathname.endsWith('.pem');
}

/**
 * SendGrid's verification key as the console shows it (base64 DER, SubjectPublicKeyInfo) or as
 * PEM; null when it is neither or not an EC P-256 key.
 */
export function sendgridPublicKey(text: string): KeyObject | null {
  try {
    const trimmed = text.trim();
    const key = trimmed.startsWith('-----BEGIN')
      ? createPublicKey(trimmed)
      : createPublicKey({ key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? key : null;
  } catch {
    return null;
  }
}

/** SendGrid Event Webhook: ECDSA P-256 / SHA-256 (DER, base64) over the timestamp header then the raw body. */
export function verifySendgridSignature(o: { publicKey: KeyObject; timestamp: string; signature: string; rawBody: string }): boolean {
  try {
    return verify('sha256', Buffer.concat([Buffer.from(o.timestamp, 'utf8'), Buffer.from(o.rawBody, 'utf8')]), o.publicKey, Buffer.from(o.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Mailgun: hex HMAC-SHA256 of timestamp + token under the account's webhook signing key. */
export function verifyMailgunSignature(o: { signingKey: string; timestamp: string; token: string; signature: string }): boolean {
  const expected = createHmac('sha256', o.signingKey).update(o.timestamp + o.token).digest();
  return /^[0-9a-f]{64}$/i.test(o.signature) && sameBytes(expected, Buffer.from(o.signature, 'hex'));
}

/** HTTP basic auth (Postmark's webhook credentials), compared in constant time. */
export function verifyBasicAuth(header: string | undefined, username: string, password: string): boolean {
  const m = header ? /^Basic\s+([A-Za-z0-9+/=]{1,1000})$/i.exec(header.trim()) : null;
  if (!m) return false;
  const given = Buffer.from(m[1]!, 'base64');
  return sameBytes(given, Buffer.from(`${username}:${password}`, 'utf8'));
}
