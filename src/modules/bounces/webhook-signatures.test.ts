import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailgunSignature, sendgridTestSigner, snsTestSigner } from '../../../test/webhook-signers.js';
import { isSnsCertificateUrl, REPLAY_WINDOW_SECONDS, sendgridPublicKey, verifyBasicAuth, verifyMailgunSignature, verifySendgridSignature, verifySnsSignature, withinReplayWindow } from './webhook-signatures.js';

const sns = snsTestSigner();
const notification = { Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses', Message: '{"notificationType":"Bounce"}', Timestamp: '2026-12-01T09:00:00.000Z' };

describe('Amazon SNS signatures', () => {
  it('verifies SignatureVersion 1 (SHA-1) and 2 (SHA-256), with and without a Subject', () => {
    expect(verifySnsSignature(sns.signMessage(notification, '1'), sns.certificate)).toBe(true);
    expect(verifySnsSignature(sns.signMessage(notification, '2'), sns.certificate)).toBe(true);
    expect(verifySnsSignature(sns.signMessage({ ...notification, Subject: 'Amazon SES Email Event' }), sns.certificate)).toBe(true);
  });

  it('covers SubscribeURL and Token on a subscription confirmation', () => {
    const confirm = sns.signMessage({ ...notification, Type: 'SubscriptionConfirmation', Token: 't0k3n', SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t0k3n' });
    expect(verifySnsSignature(confirm, sns.certificate)).toBe(true);
    expect(verifySnsSignature({ ...confirm, SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=other' }, sns.certificate)).toBe(false);
  });

  it('refuses any change to a signed field, an unknown version, and another key', () => {
    const signed = sns.signMessage(notification);
    fc.assert(fc.property(fc.constantFrom('Message', 'MessageId', 'Timestamp', 'TopicArn', 'Type'), fc.string({ minLength: 1, maxLength: 20 }), (field, extra) => {
      expect(verifySnsSignature({ ...signed, [field]: `${(signed as unknown as Record<string, string>)[field]}${extra}` }, sns.certificate)).toBe(false);
    }), { numRuns: 50 });
    expect(verifySnsSignature({ ...signed, SignatureVersion: '3' }, sns.certificate)).toBe(false);
    expect(verifySnsSignature({ ...signed, Signature: 'not base64 at all' }, sns.certificate)).toBe(false);
    expect(verifySnsSignature(signed, snsTestSigner().certificate)).toBe(false);
  });

  it('takes the signing certificate only from https .pem URLs on an SNS host', () => {
    expect(isSnsCertificateUrl('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem')).toBe(true);
    expect(isSnsCertificateUrl('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem')).toBe(true);
    for (const bad of ['http://sns.us-east-1.amazonaws.com/x.pem', 'https://sns.us-east-1.amazonaws.com.evil.test/x.pem', 'https://evil.test/sns.us-east-1.amazonaws.com/x.pem',
      'https://sns.us-east-1.amazonaws.com:8443/x.pem', 'https://user@sns.us-east-1.amazonaws.com/x.pem', 'https://sns.us-east-1.amazonaws.com/x.txt', 'https://s3.amazonaws.com/x.pem', 'not a url']) {
      expect(isSnsCertificateUrl(bad), bad).toBe(false);
    }
  });
});

describe('SendGrid Event Webhook signatures', () => {
  const sg = sendgridTestSigner();
  const key = sendgridPublicKey(sg.publicKeyBase64)!;
  const body = '[{"email":"a@b.test","event":"bounce","timestamp":1764579600}]\r\n';

  it('verifies ECDSA P-256 over timestamp + the exact body; any tampering fails', () => {
    const h = sg.headers(body, 1764579600);
    const check = (rawBody: string, timestamp: string, signature: string) => verifySendgridSignature({ publicKey: key, rawBody, timestamp, signature });
    expect(check(body, h['x-twilio-email-event-webhook-timestamp'], h['x-twilio-email-event-webhook-signature'])).toBe(true);
    expect(check(body.trim(), h['x-twilio-email-event-webhook-timestamp'], h['x-twilio-email-event-webhook-signature'])).toBe(false);
    expect(check(body, '1764579601', h['x-twilio-email-event-webhook-signature'])).toBe(false);
    expect(check(body, h['x-twilio-email-event-webhook-timestamp'], 'AAAA')).toBe(false);
  });

  it('reads the key as base64 DER or PEM, and only a P-256 key', () => {
    expect(sendgridPublicKey(sendgridPublicKey(sg.publicKeyBase64)!.export({ format: 'pem', type: 'spki' }).toString())).not.toBeNull();
    expect(sendgridPublicKey('bm90IGEga2V5')).toBeNull();
  });
});

describe('Mailgun signatures and basic auth', () => {
  it('verifies the HMAC of timestamp + token; a changed token, timestamp or key fails', () => {
    fc.assert(fc.property(fc.string({ minLength: 8, maxLength: 40 }), fc.stringMatching(/^[0-9a-f]{10,50}$/), (signingKey, token) => {
      const s = mailgunSignature(signingKey, 1764579600, token);
      expect(verifyMailgunSignature({ signingKey, ...s })).toBe(true);
      expect(verifyMailgunSignature({ signingKey, ...s, token: `${token}0` })).toBe(false);
      expect(verifyMailgunSignature({ signingKey, ...s, timestamp: '1764579601' })).toBe(false);
      expect(verifyMailgunSignature({ signingKey: `${signingKey}x`, ...s })).toBe(false);
    }), { numRuns: 50 });
  });

  it('compares basic auth exactly', () => {
    const auth = (v: string) => `Basic ${Buffer.from(v).toString('base64')}`;
    expect(verifyBasicAuth(auth('pm:correct horse'), 'pm', 'correct horse')).toBe(true);
    expect(verifyBasicAuth(auth('pm:correct hors'), 'pm', 'correct horse')).toBe(false);
    expect(verifyBasicAuth(undefined, 'pm', 'correct horse')).toBe(false);
    expect(verifyBasicAuth('Bearer x', 'pm', 'correct horse')).toBe(false);
  });

  it('accepts timestamps only inside the replay window', () => {
    const now = Date.parse('2026-12-01T09:00:00Z');
    expect(withinReplayWindow(now / 1000 - REPLAY_WINDOW_SECONDS + 1, now)).toBe(true);
    expect(withinReplayWindow(now / 1000 - REPLAY_WINDOW_SECONDS - 1, now)).toBe(false);
    expect(withinReplayWindow(now / 1000 + REPLAY_WINDOW_SECONDS + 1, now)).toBe(false);
    expect(withinReplayWindow(Number.NaN, now)).toBe(false);
  });
});
