import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { seedSentCampaign } from '../../../test/email-seed.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { snsTestSigner } from '../../../test/webhook-signers.js';
import { forgetSnsCertificates, snsNetwork } from './sns-certificates.js';
import { webhookToken } from './webhooks.service.js';
import type { Provider } from './webhook-providers.js';

let ctx: AppContext;
let app: App;
let close: () => Promise<void>;
let ws: TestWorkspace;
let sent: Awaited<ReturnType<typeof seedSentCampaign>>;
const sns = snsTestSigner();
const confirmed: string[] = [];

beforeAll(async () => {
  forgetSnsCertificates();
  snsNetwork.certificate = async (url) => (url.href === sns.certUrl ? sns.certificate : Promise.reject(new Error('no such certificate')));
  snsNetwork.confirm = async (url) => { confirmed.push(url.href); };
  ({ ctx, app, close } = await createTestApp({ clientAddress: uniqueClientAddress() }));
  ws = await newWorkspace(ctx);
  sent = await seedSentCampaign(ctx, { workspaceId: ws.id, emails: ['ann@ses.test', 'ben@sg.test', 'cat@sg.test', 'dee@pm.test', 'eve@mg.test', 'fay@mg.test'] });
});
afterAll(() => close());

const post = (provider: Provider, payload: unknown, o: { token?: string; contentType?: string } = {}) => app.inject({
  method: 'POST', url: `/api/v1/webhooks/email/${provider}/${o.token ?? webhookToken(ctx.secret, ws.id, provider)}`,
  headers: { 'content-type': o.contentType ?? 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});
const bounceOf = (email: string) => ctx.db.selectFrom('email_bounces').selectAll().where('workspace_id', '=', ws.id).where('email', '=', email).execute();
const suppressed = async (email: string) => (await ctx.db.selectFrom('suppressions').select('reason').where('workspace_id', '=', ws.id).where('email', '=', email).executeTakeFirst())?.reason;
const snsBase = (id: string) => ({ Type: 'Notification', MessageId: id, TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses', Timestamp: new Date().toISOString() });
const messageIdOf = (email: string) => `<c${sent.campaignId}.r${sent.recipients.find((r) => r.email === email)!.contactId}@rapport.test>`;

describe('provider webhooks, normalised to the same bounces and complaints', () => {
  it('Amazon SES through SNS (text/plain JSON): a permanent bounce, found by our Message-ID', async () => {
    const message = { notificationType: 'Bounce', mail: { messageId: '0100018c-ses', commonHeaders: { messageId: messageIdOf('ann@ses.test') } },
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', reportingMTA: 'dsn; a8-55.smtp-out.amazonses.com', timestamp: '2026-12-01T04:00:00.000Z',
        bouncedRecipients: [{ emailAddress: 'ann@ses.test', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } };
    const res = await post('ses', sns.signMessage({ ...snsBase('sns-1'), Message: JSON.stringify(message) }), { contentType: 'text/plain; charset=UTF-8' });
    expect(res.json()).toEqual({ confirmed: false, recorded: 1, ignored: 0 });
    expect(await bounceOf('ann@ses.test')).toEqual([expect.objectContaining({ class: 'hard', status_code: '5.1.1', source: 'webhook:ses', campaign_id: sent.campaignId })]);
    expect(await suppressed('ann@ses.test')).toBe('hard_bounce');
  });

  it('SendGrid batches: bounce, blocked (policy words) and spam report', async () => {
    const res = await post('sendgrid', [
      { email: 'ben@sg.test', event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 The email account that you tried to reach does not exist', timestamp: 1764561600, 'smtp-id': messageIdOf('ben@sg.test') },
      { email: 'cat@sg.test', event: 'bounce', type: 'blocked', status: '5.7.1', reason: '554 5.7.1 Service unavailable; client host blocked using Spamhaus', timestamp: 1764561601 },
      { email: 'cat@sg.test', event: 'open', timestamp: 1764561602 },
    ]);
    expect(res.json()).toMatchObject({ recorded: 2 });
    expect(await bounceOf('cat@sg.test')).toEqual([expect.objectContaining({ class: 'policy', reason: 'blocklisted', sending_domain: 'acme.test' })]);
    expect(await suppressed('cat@sg.test')).toBeUndefined();
    await post('sendgrid', [{ email: 'cat@sg.test', event: 'spamreport', timestamp: 1764561700 }]);
    expect(await suppressed('cat@sg.test')).toBe('complaint');
  });

  it('Postmark: a hard bounce by its type, and an auto-responder that is never counted', async () => {
    expect((await post('postmark', { RecordType: 'Bounce', Type: 'AutoResponder', Email: 'dee@pm.test', Details: 'Out of office' })).json()).toMatchObject({ recorded: 0 });
    await post('postmark', { RecordType: 'Bounce', ID: 42, Type: 'HardBounce', TypeCode: 1, Email: 'dee@pm.test', Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist', BouncedAt: '2026-12-01T04:05:00Z' });
    expect(await bounceOf('dee@pm.test')).toEqual([expect.objectContaining({ class: 'hard', reason: 'user unknown', source: 'webhook:postmark' })]);
  });

  it('Mailgun: a permanent failure bounces, a temporary one is only deferred, a complaint suppresses', async () => {
    const signature = { timestamp: '1764561600', token: 'abc', signature: 'def' };
    await post('mailgun', { signature, 'event-data': { event: 'failed', severity: 'temporary', recipient: 'fay@mg.test', 'delivery-status': { code: 452, message: '4.2.2 mailbox full' } } });
    expect(await bounceOf('fay@mg.test')).toEqual([]);
    await post('mailgun', { signature, 'event-data': { event: 'failed', severity: 'permanent', reason: 'bounce', recipient: 'eve@mg.test', timestamp: 1764561600, 'delivery-status': { code: 550, message: '5.1.1 No such user here', 'mx-host': 'mx.mg.test' } } });
    expect(await bounceOf('eve@mg.test')).toEqual([expect.objectContaining({ class: 'hard', remote_mta: 'mx.mg.test' })]);
    await post('mailgun', { signature, 'event-data': { event: 'complained', recipient: 'fay@mg.test' } });
    expect(await suppressed('fay@mg.test')).toBe('complaint');
  });

  it('malformed payloads are a 400 naming the field; a wrong URL is a 401; nothing is written', async () => {
    const before = (await ctx.db.selectFrom('email_bounces').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', ws.id).executeTakeFirstOrThrow()).n;
    expect((await post('sendgrid', { not: 'an array' })).statusCode).toBe(400);
    const pm = await post('postmark', { RecordType: 'Bounce', Type: 'HardBounce' });
    expect(pm.statusCode).toBe(400);
    expect(pm.json().error.details.fields[0].path).toBe('Email');
    expect((await post('ses', '{"Type":', { contentType: 'text/plain' })).statusCode).toBe(400);
    for (const notAnObject of ['null', '[]', '42', '"text"']) expect((await post('ses', notAnObject, { contentType: 'text/plain' })).statusCode).toBe(400);
    expect((await post('mailgun', 'null')).statusCode).toBe(400);
    expect((await post('sendgrid', 'a\u0000b')).statusCode).toBe(400);
    expect((await post('ses', sns.signMessage({ ...snsBase('sns-bad'), Message: 'not json' }))).statusCode).toBe(400);
    expect((await post('mailgun', { 'event-data': { event: 'failed' } })).statusCode).toBe(400);
    expect((await post('sendgrid', [], { token: webhookToken(ctx.secret, ws.id, 'postmark') })).statusCode).toBe(401);
    expect((await post('sendgrid', [], { token: `${webhookToken(ctx.secret, ws.id, 'sendgrid')}x` })).statusCode).toBe(401);
    const after = (await ctx.db.selectFrom('email_bounces').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', ws.id).executeTakeFirstOrThrow()).n;
    expect(after).toEqual(before);
  });

  it('an SNS subscription is confirmed only on an Amazon SNS host (no request anywhere else)', async () => {
    const confirmation = (id: string, url: string) => sns.signMessage({ ...snsBase(id), Type: 'SubscriptionConfirmation', Token: 'tok', SubscribeURL: url, Message: 'You have chosen to subscribe' });
    const res = await post('ses', confirmation('sub-1', 'https://evil.test/confirm?x=1'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('SubscribeURL');
    const ok = await post('ses', confirmation('sub-2', 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=tok'), { contentType: 'text/plain; charset=UTF-8' });
    expect(ok.json()).toEqual({ confirmed: true, recorded: 0, ignored: 0 });
    expect(confirmed).toEqual(['https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=tok']);
  });

  it('lists the webhook URLs to sending managers only', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/email-webhooks', headers: ws.owner.headers });
    expect(res.json().data.map((w: { provider: string }) => w.provider)).toEqual(['ses', 'sendgrid', 'postmark', 'mailgun']);
    expect(res.json().data[0].url).toContain(`/api/v1/webhooks/email/ses/${webhookToken(ctx.secret, ws.id, 'ses')}`);
    expect((await app.inject({ method: 'GET', url: '/api/v1/email-webhooks', headers: (await ws.as('agency')).headers })).statusCode).toBe(403);
  });
});
