import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { seedSentCampaign } from '../../../test/email-seed.js';
import { newWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { startInboundServer } from '../../mail/inbound-server.js';
import { verpAddress } from '../../mail/verp.js';

let ctx: AppContext;
let server: { port: number; close: () => Promise<void> };
let ws: number;

beforeAll(async () => {
  ctx = await createTestContext();
  ws = (await newWorkspace(ctx)).id;
  server = await startInboundServer(ctx, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await ctx.database.close();
});

const PLACEHOLDER = 'b-c-1-42-0123456789abcdef@bounce.rapport.test';
const verpOf = (id: number, kind: 'campaign' | 'transactional' = 'campaign') => verpAddress(ctx.secret, { kind, workspaceId: ws, id }, 'bounce.rapport.test');
/** Sends a fixture as its MTA would: null sender, to the VERP address of a recipient we sent to. */
async function deliver(fixture: string, to: string, rcpt?: string) {
  let raw = readFileSync(new URL(`./fixtures/${fixture}.eml`, import.meta.url), 'latin1').replaceAll(PLACEHOLDER, to);
  if (rcpt) raw = raw.replace(/[\w.+-]+@(example\.org|example\.com|example\.net|yahoo\.com)/g, rcpt);
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });
  await mailer.sendMail({ envelope: { from: '', to }, raw });
}
const bouncesOf = (email: string) => ctx.db.selectFrom('email_bounces').selectAll().where('workspace_id', '=', ws).where('email', '=', email).orderBy('id').execute();
const suppressionOf = (email: string) => ctx.db.selectFrom('suppressions').select(['reason', 'note']).where('workspace_id', '=', ws).where('email', '=', email).executeTakeFirst();
const timelineOf = (contactId: number) => ctx.db.selectFrom('timeline_events').select(['kind', 'data']).where('workspace_id', '=', ws).where('contact_id', '=', contactId).execute();

describe('bounces through the inbound SMTP listener', () => {
  it('a hard bounce is recorded with the remote words, suppresses the address and lands on the timeline', async () => {
    const { recipients: [r] } = await seedSentCampaign(ctx, { workspaceId: ws, emails: ['bob@example.org'] });
    await deliver('postfix-user-unknown', verpOf(r!.id));
    const [b] = await bouncesOf('bob@example.org');
    expect(b).toMatchObject({ kind: 'bounce', class: 'hard', status_code: '5.1.1', reason: 'user unknown', source: 'dsn:rfc3464', sending_domain: 'acme.test', remote_mta: 'mx1.example.org' });
    expect(b!.diagnostic).toContain('User unknown in virtual mailbox table');
    const row = await ctx.db.selectFrom('campaign_recipients').select(['bounced_at', 'bounce_class']).where('id', '=', r!.id).executeTakeFirstOrThrow();
    expect(row.bounce_class).toBe('hard');
    expect(row.bounced_at).not.toBeNull();
    expect((await suppressionOf('bob@example.org'))?.reason).toBe('hard_bounce');
    expect(await timelineOf(r!.contactId)).toEqual([expect.objectContaining({ kind: 'email_bounced', data: expect.objectContaining({ class: 'hard', status: '5.1.1', suppressed: true }) })]);
    // The sending server retries a DSN it thinks was lost: nothing is counted twice.
    await deliver('postfix-user-unknown', verpOf(r!.id));
    expect(await bouncesOf('bob@example.org')).toHaveLength(1);
  });

  it('a policy block is reported against the sending domain and never suppresses the recipient', async () => {
    const { recipients: [r] } = await seedSentCampaign(ctx, { workspaceId: ws, emails: ['dan@example.com'], fromEmail: 'news@promo.acme.test' });
    await deliver('postfix-spamhaus', verpOf(r!.id));
    expect(await bouncesOf('dan@example.com')).toEqual([expect.objectContaining({ class: 'policy', reason: 'blocklisted', sending_domain: 'promo.acme.test' })]);
    expect(await suppressionOf('dan@example.com')).toBeUndefined();
  });

  it('soft bounces suppress only after BOUNCE_SOFT_LIMIT in a row', async () => {
    for (let i = 1; i <= ctx.config.BOUNCE_SOFT_LIMIT; i++) {
      const { recipients: [r] } = await seedSentCampaign(ctx, { workspaceId: ws, emails: ['carol@example.net'], name: `Soft ${i}` });
      await deliver('postfix-mailbox-full', verpOf(r!.id));
      expect((await bouncesOf('carol@example.net')).map((b) => b.class)).toEqual(Array(i).fill('soft'));
      expect(await suppressionOf('carol@example.net')).toEqual(i < ctx.config.BOUNCE_SOFT_LIMIT ? undefined : expect.objectContaining({ reason: 'hard_bounce', note: expect.stringContaining('soft bounces in a row') }));
    }
  });

  it('an ARF complaint suppresses at once, found by the original return path it quotes', async () => {
    const { recipients: [r] } = await seedSentCampaign(ctx, { workspaceId: ws, emails: ['vera@yahoo.com'] });
    await deliver('arf-yahoo', verpOf(r!.id));
    expect(await bouncesOf('vera@yahoo.com')).toEqual([expect.objectContaining({ kind: 'complaint', class: 'complaint', source: 'arf' })]);
    expect((await suppressionOf('vera@yahoo.com'))?.reason).toBe('complaint');
    const row = await ctx.db.selectFrom('campaign_recipients').select('complained_at').where('id', '=', r!.id).executeTakeFirstOrThrow();
    expect(row.complained_at).not.toBeNull();
    expect((await timelineOf(r!.contactId)).map((e) => e.kind)).toContain('email_complained');
  });

  it('auto-replies and malformed reports are accepted, logged and never counted', async () => {
    const { recipients: [r] } = await seedSentCampaign(ctx, { workspaceId: ws, emails: ['xena@example.org'] });
    await deliver('autoreply-out-of-office', verpOf(r!.id));
    await deliver('autoreply-vacation', verpOf(r!.id));
    await deliver('garbage', verpOf(r!.id));
    expect(await bouncesOf('xena@example.org')).toEqual([]);
    const events = await ctx.db.selectFrom('email_events').select('type').where('recipient_id', '=', r!.id).execute();
    expect(events).toEqual([]);
  });

  it('a delay warning is a deferred event, not a bounce', async () => {
    const { recipients: [r] } = await seedSentCampaign(ctx, { workspaceId: ws, emails: ['mia@example.org'] });
    await deliver('postfix-delayed', verpOf(r!.id));
    expect(await bouncesOf('mia@example.org')).toEqual([]);
    expect(await ctx.db.selectFrom('email_events').select('type').where('recipient_id', '=', r!.id).execute()).toEqual([{ type: 'deferred' }]);
  });

  it('a transactional message bounces to its own VERP address', async () => {
    const t = await ctx.db.insertInto('transactional_messages').values({ workspace_id: ws, email: 'kim@example.org', status: 'sent' }).returning('id').executeTakeFirstOrThrow();
    await deliver('ses-user-unknown', verpOf(Number(t.id), 'transactional'));
    expect(await bouncesOf('kim@example.org')).toEqual([expect.objectContaining({ transactional_id: Number(t.id), class: 'hard', campaign_id: null })]);
  });

  it('refuses a forged or foreign bounce address at RCPT', async () => {
    const forged = verpOf(1).replace(/-[0-9a-f]{16}@/, '-0000000000000000@');
    await expect(deliver('postfix-user-unknown', forged)).rejects.toMatchObject({ responseCode: 550 });
  });
});
