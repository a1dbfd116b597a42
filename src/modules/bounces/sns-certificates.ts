import { X509Certificate } from 'node:crypto';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { isSnsCertificateUrl } from './webhook-signatures.js';

export type CertificateFetcher = (url: URL) => Promise<string>;

const MAX_CERT_BYTES = 16 * 1024;

/** Over https, no redirects (a redirect could leave amazonaws.com), bounded in time and size. */
const fetchOverHttps: CertificateFetcher = async (url) => {
  const answer = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!answer.ok) throw new Error(`answered ${answer.status}`);
  const text = await answer.text();
  if (text.length > MAX_CERT_BYTES) throw new Error('certificate too large');
  return text;
};

/** Visits a SubscribeURL (already checked to be on an SNS host); no redirects, bounded in time. */
async function visit(url: URL): Promise<void> {
  const answer = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!answer.ok) throw new Error(`Amazon SNS answered ${answer.status}`);
}

/**
 * Rapport's only calls to Amazon SNS: fetching a signing certificate and confirming a
 * subscription. Tests put functions of their own here (there is no network); the URLs are
 * checked before either is called.
 */
export const snsNetwork: { certificate: CertificateFetcher; confirm: (url: URL) => Promise<void> } = { certificate: fetchOverHttps, confirm: visit };

// AWS rotates these rarely; a few per region at most, so an unbounded map stays small — but a
// hostile caller can name many .pem paths, so it is capped.
const cache = new Map<string, { pem: string; until: number }>();
const CACHE_MAX = 50;
const CACHE_MS = 6 * 3600_000;

/** The PEM at an SNS SigningCertURL, or a 401 when the URL is not Amazon's or the cert is no good. */
export async function snsCertificate(signingCertUrl: string): Promise<string> {
  if (!isSnsCertificateUrl(signingCertUrl)) throw new AppError(ErrorCode.UNAUTHENTICATED, 'SigningCertURL must be an https URL of a .pem on an Amazon SNS host');
  const hit = cache.get(signingCertUrl);
  if (hit && hit.until > Date.now()) return hit.pem;
  let pem: string;
  try {
    pem = await snsNetwork.certificate(new URL(signingCertUrl));
    const cert = new X509Certificate(pem);
    if (new Date(cert.validTo).getTime() < Date.now()) throw new Error('certificate expired');
  } catch (err) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, `The SNS signing certificate could not be used: ${(err as Error).message}`);
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(signingCertUrl, { pem, until: Date.now() + CACHE_MS });
  return pem;
}

/** Tests that swap the source start from an empty cache. */
export function forgetSnsCertificates(): void {
  cache.clear();
}
