import { execFileSync } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snsStringToSign, type SnsMessage } from '../src/modules/bounces/webhook-signatures.js';

/**
 * Test stand-ins for the providers' signing: an SNS signing certificate made with openssl at test
 * time (self-signed, a day long), a SendGrid P-256 key pair, and Mailgun's HMAC.
 */
export function snsTestSigner() {
  const dir = mkdtempSync(join(tmpdir(), 'sns-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=sns.amazonaws.com'], { stdio: 'ignore' });
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const certUrl = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem';
    type Unsigned = Omit<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL'> & Partial<Pick<SnsMessage, 'SigningCertURL'>>;
    const signMessage = (m: Unsigned, version: '1' | '2' = '2'): SnsMessage => {
      const full = { SigningCertURL: certUrl, ...m, SignatureVersion: version, Signature: '' };
      return { ...full, Signature: sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(snsStringToSign(full)), key).toString('base64') };
    };
    return { certificate, certUrl, signMessage };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function sendgridTestSigner() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    /** As SendGrid's console shows it: base64 of the DER SubjectPublicKeyInfo. */
    publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    headers(rawBody: string, timestamp = Math.floor(Date.now() / 1000)) {
      const signature = sign('sha256', Buffer.from(`${timestamp}${rawBody}`), privateKey).toString('base64');
      return { 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': String(timestamp) };
    },
  };
}

export function mailgunSignature(signingKey: string, timestamp = Math.floor(Date.now() / 1000), token = randomBytes(25).toString('hex')) {
  return { timestamp: String(timestamp), token, signature: createHmac('sha256', signingKey).update(`${timestamp}${token}`).digest('hex') };
}
