import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { seedSentCampaign } from '../../../test/email-seed.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { mailgunSignature, sendgridTestSigner, snsTestSigner } from '../../../test/webhook-signers.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { forgetSnsCertificates, snsNetwork } from './sns-certificates.js';
import type { Provider } from './webhook-providers.js';
import { webhookToken } from './webhooks.service.js';

let ctx: AppContext;
let app: App;
let close: () => Promise<void>;
let ws: TestWorkspace;
const sns = snsTestSigner();
const sg = sendgridTestSigner();
const MAILGUN_KEY = 'key-mailgun-signing-0123456789';
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  ({ ctx, app, close } = await createTestApp({ clientAddress: uniqueClientAddress() }));
  forgetSnsCertificates();
  snsNetwork.certificate = async (url) => (url.href === sns.certUrl ? sns.certificate : Promise.reject(new Error('no such certificate')));
  ws = await newWorkspace(ctx);
  await seedSentCampaign(ctx, { workspaceId: ws.id, emails: ['s1@ses.test', 's2@ses.test', 'g1@sg.test', 'g2@sg.test', 'm1@mg.test', 'm2@mg.test', 'p1@pm.test'] });
});
afterAll(() => close());

const post = (provider: Provider, payload: unknown, headers: Record<string, string> = {}) => app.inject({
  method: 'POST', url: `/api/v1/webhooks/email/${provider}/${webhookToken(ctx.secret, ws.id, provider)}`,
  headers: { 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});
const configure = (provider: Provider, body: object, headers = ws.owner.headers) => app.inject({ method: 'PUT', url: `/api/v1/email-webhooks/${provider}`, headers, payload: body });
const bounces = async (email: string) => (await ctx.db.selectFrom('email_bounces').select('source').where('workspace_id', '=', ws.id).where('email', '=', email).execute()).length;
const sesBounce = (email: string) => JSON.stringify({ notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: email, status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } });
const snsNote = (id: string, email: string, o: { Timestamp?: string; TopicArn?: string } = {}) =>
  ({ Type: 'Notification', MessageId: id, TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses', Timestamp: new Date().toISOString(), Message: sesBounce(email), ...o });

describe('Amazon SES through SNS: every message signature-checked', () => {
  it('records a signed message (v1 and v2); refuses unsigned, tampered, foreign-certificate and replayed ones', async () => {
    expect((await post('ses', sns.signMessage(snsNote('a-1', 's1@ses.test'), '1'))).json()).toMatchObject({ recorded: 1 });
    const unsigned = await post('ses', snsNote('a-2', 's2@ses.test'));
    expect(unsigned.statusCode).toBe(401);
    const signed = sns.signMessage(snsNote('a-3', 's2@ses.test'), '2');
    expect((await post('ses', { ...signed, Message: sesBounce('s1@ses.test') })).statusCode).toBe(401);
    const elsewhere = await post('ses', sns.signMessage({ ...snsNote('a-4', 's2@ses.test'), SigningCertURL: 'https://evil.test/sns.pem' }));
    expect(elsewhere.statusCode).toBe(401);
    expect(elsewhere.json().error.message).toMatch(/SigningCertURL/);
    expect((await post('ses', sns.signMessage(snsNote('a-5', 's2@ses.test', { Timestamp: new Date(Date.now() - 3600_000).toISOString() })))).statusCode).toBe(401);
    expect(await bounces('s2@ses.test')).toBe(0);
    expect((await post('ses', signed)).json()).toMatchObject({ recorded: 1 });
    const replay = await post('ses', signed);
    expect(replay.statusCode).toBe(409);
    expect(await bounces('s2@ses.test')).toBe(1);
  });

  it('accepts only the configured topic once one is set', async () => {
    expect((await configure('ses', { topicArn: 'arn:aws:sns:eu-west-1:123456789012:rapport' })).statusCode).toBe(200);
    expect((await post('ses', sns.signMessage(snsNote('t-1', 's1@ses.test')))).statusCode).toBe(401);
    expect((await post('ses', sns.signMessage(snsNote('t-2', 's1@ses.test', { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:rapport' })))).statusCode).toBe(200);
  });
});

describe('SendGrid, Mailgun and Postmark: their proof is required once set up', () => {
  it('SendGrid: the ECDSA signature over timestamp + body; tampered, stale and replayed calls refused', async () => {
    const body = JSON.stringify([{ email: 'g1@sg.test', event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 no such user', timestamp: now() }]);
    expect((await post('sendgrid', body)).statusCode).toBe(200); // URL secret alone, before a key is set
    expect((await configure('sendgrid', { publicKey: sg.publicKeyBase64 })).json()).toMatchObject({ provider: 'sendgrid', verifiedBy: 'signature' });
    const body2 = body.replace('g1@', 'g2@');
    expect((await post('sendgrid', body2)).statusCode).toBe(401);
    const headers = sg.headers(body2);
    expect((await post('sendgrid', body2.replace('5.1.1', '5.1.2'), headers)).statusCode).toBe(401);
    expect((await post('sendgrid', body2, sg.headers(body2, now() - 3600))).statusCode).toBe(401);
    expect(await bounces('g2@sg.test')).toBe(0);
    expect((await post('sendgrid', body2, headers)).json()).toMatchObject({ recorded: 1 });
    expect((await post('sendgrid', body2, headers)).statusCode).toBe(409);
  });

  it('Mailgun: the HMAC of timestamp + token; a wrong key, a stale timestamp or a reused token refused', async () => {
    await configure('mailgun', { signingKey: MAILGUN_KEY });
    const event = (email: string) => ({ event: 'failed', severity: 'permanent', recipient: email, 'delivery-status': { code: 550, message: '5.1.1 No such user here' } });
    expect((await post('mailgun', { signature: mailgunSignature('another-key-000000'), 'event-data': event('m1@mg.test') })).statusCode).toBe(401);
    expect((await post('mailgun', { 'event-data': event('m1@mg.test') })).statusCode).toBe(401);
    expect((await post('mailgun', { signature: mailgunSignature(MAILGUN_KEY, now() - 3600), 'event-data': event('m1@mg.test') })).statusCode).toBe(401);
    const signature = mailgunSignature(MAILGUN_KEY);
    expect((await post('mailgun', { signature, 'event-data': event('m1@mg.test') })).json()).toMatchObject({ recorded: 1 });
    const reused = await post('mailgun', { signature, 'event-data': event('m2@mg.test') });
    expect(reused.statusCode).toBe(409);
    expect(await bounces('m2@mg.test')).toBe(0);
  });

  it('Postmark: basic auth once set; the secret URL alone again after clearing it', async () => {
    const payload = { RecordType: 'Bounce', Type: 'HardBounce', Email: 'p1@pm.test', Details: 'smtp;550 5.1.1 user unknown' };
    await configure('postmark', { username: 'postmark', password: 'correct horse battery' });
    const basic = (pair: string) => ({ authorization: `Basic ${Buffer.from(pair).toString('base64')}` });
    expect((await post('postmark', payload)).statusCode).toBe(401);
    expect((await post('postmark', payload, basic('postmark:wrong password'))).statusCode).toBe(401);
    expect((await post('postmark', payload, basic('postmark:correct horse battery'))).json()).toMatchObject({ recorded: 1 });
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/email-webhooks/postmark', headers: ws.owner.headers })).statusCode).toBe(204);
    expect((await post('postmark', payload)).statusCode).toBe(200);
  });
});

describe('verification settings', () => {
  it('checks each provider\'s fields, never shows secrets, and is for sending managers only', async () => {
    const wrong = await configure('mailgun', { publicKey: sg.publicKeyBase64 });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['publicKey', 'signingKey']);
    expect((await configure('sendgrid', { publicKey: 'bm90IGEga2V5IGF0IGFsbCwganVzdCBzb21lIHRleHQgaGVyZQ==' })).json().error.details.fields[0].path).toBe('publicKey');
    const list = (await app.inject({ method: 'GET', url: '/api/v1/email-webhooks', headers: ws.owner.headers })).json().data;
    expect(list.find((w: { provider: string }) => w.provider === 'mailgun')).toMatchObject({ verifiedBy: 'signature', hasSecret: true });
    expect(JSON.stringify(list)).not.toContain(MAILGUN_KEY);
    expect((await configure('sendgrid', { publicKey: sg.publicKeyBase64 }, (await ws.as('agency')).headers)).statusCode).toBe(403);
  });
});
