import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { closeContext } from '../../boot.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { startSmtpSink } from '../../../test/smtp-sink.js';
import type { AppContext } from '../../context.js';
import { parseVerp } from '../../mail/verp.js';
import { emailHash } from '../audience/email-hash.js';
import { insertSuppressions } from '../suppressions/suppressions.repo.js';
import { runCampaignSend } from './campaign-send.job.js';
import { seedAudience, seedCampaign, seedSending } from './delivery-fixtures.js';
import { cancelCampaignSend, getSendProgress, pauseCampaignSend, resumeCampaignSend, startCampaignSend } from './delivery.service.js';

let ctx: AppContext;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const refusals = new Map<string, { code: number; message: string }>();

beforeAll(async () => {
  ctx = await createTestContext();
  sink = await startSmtpSink({ answer: (to) => refusals.get(to) ?? null });
});
afterAll(async () => {
  await sink.close();
  await closeContext(ctx);
});

async function setup(count: number) {
  const ws = await newWorkspace(ctx);
  await ctx.db.updateTable('workspaces').set({ postal_address: '1 Main St, Springfield' }).where('id', '=', ws.id).execute();
  const listId = await seedAudience(ctx, ws.id, count);
  const { publicKey, domain } = await seedSending(ctx, ws.id, { port: sink.port });
  const campaignId = await seedCampaign(ctx, ws.id, { listIds: [listId], domain });
  return { ws, listId, campaignId, publicKey, domain };
}

const messagesTo = (suffix: string) => sink.messages.filter((m) => m.to[0]!.includes(suffix));

describe('campaign send', () => {
  it('freezes the audience through the guard and delivers signed, personalised, tracked messages with every list header', async () => {
    const { ws, listId, campaignId, publicKey, domain } = await setup(5);
    const suppressed = `p3.${listId}@d3.test`;
    await insertSuppressions(ctx.db, ws.id, [{ email: suppressed, emailHash: emailHash(ctx.secret, suppressed), reason: 'manual', note: null }]);
    const marketing = (await ws.as('marketing')).actor;
    const started = await startCampaignSend({ ctx, actor: marketing, campaignId });
    expect(started).toMatchObject({ status: 'sending', recipientCount: 4 });
    await runCampaignSend(ctx, { workspaceId: ws.id, campaignId });

    const got = messagesTo(`.${listId}@`);
    expect(got.map((m) => m.to[0]).sort()).toEqual([1, 2, 4, 5].map((i) => `p${i}.${listId}@d${i % 7}.test`).sort());
    const resolver = async (name: string) => {
      if (name === `rp1._domainkey.${domain}`) return [[`v=DKIM1; k=rsa; p=${publicKey}`]];
      throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
    };
    const ids = new Set<string>();
    for (const m of got) {
      const parsed = await PostalMime.parse(m.raw);
      const header = (name: string) => parsed.headers.find((h) => h.key === name)?.value ?? '';
      const i = /^p(\d+)\./.exec(m.to[0]!)![1];
      expect(parsed.subject).toBe(`Hi Person${i}, our spring sale`);
      expect(parsed.text).toContain(`Hello Person${i} (${Number(i) % 2 === 0 ? 'gold' : 'silver'}) of Test workspace`);
      expect(parsed.html).toMatch(/\/t\/c\/[\w.-]+/);
      expect(parsed.html).not.toContain('https://shop.example.test/sale');
      expect(parsed.html).toContain('1 Main St, Springfield');
      expect(header('list-unsubscribe')).toMatch(/^<https?:\/\/[^>]+\/u\/[^>]+>, <mailto:[^>]+>$/);
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(header('list-id')).toContain(`${listId}.${ws.id}.lists.${domain}`);
      ids.add(parsed.messageId!);
      const verp = parseVerp(ctx.secret, m.from);
      expect(verp).toMatchObject({ kind: 'campaign', workspaceId: ws.id });
      const row = await ctx.db.selectFrom('campaign_recipients').selectAll().where('id', '=', verp!.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ email: m.to[0], status: 'sent', message_id: parsed.messageId });
      const dkim = await dkimVerify(Buffer.from(m.raw), { resolver });
      expect(dkim.results[0]!.status.result).toBe('pass');
    }
    expect(ids.size).toBe(4);
    const progress = await getSendProgress({ ctx, actor: marketing, campaignId });
    expect(progress).toMatchObject({ status: 'sent', progress: { sent: 4, queued: 0, sending: 0 } });
  });

  it('retries a 4xx answer later and fails a 5xx answer at once', async () => {
    const { ws, listId, campaignId } = await setup(3);
    refusals.set(`p1.${listId}@d1.test`, { code: 451, message: '4.7.1 Try again later' });
    refusals.set(`p2.${listId}@d2.test`, { code: 550, message: '5.1.1 User unknown' });
    await startCampaignSend({ ctx, actor: ws.owner.actor, campaignId });
    await runCampaignSend(ctx, { workspaceId: ws.id, campaignId });
    const rows = await ctx.db.selectFrom('campaign_recipients').select(['email', 'status', 'attempts', 'next_attempt_at', 'last_error']).where('campaign_id', '=', campaignId).orderBy('id').execute();
    const by = new Map(rows.map((r) => [r.email.split('@')[0]!.split('.')[0], r]));
    expect(by.get('p1')).toMatchObject({ status: 'queued', attempts: 1 });
    expect(by.get('p1')!.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(by.get('p1')!.last_error).toContain('Try again later');
    expect(by.get('p2')).toMatchObject({ status: 'failed' });
    expect(by.get('p2')!.last_error).toContain('User unknown');
    expect(by.get('p3')).toMatchObject({ status: 'sent' });
    // The retry comes due: the lane sends it and the campaign finishes.
    refusals.clear();
    await ctx.db.updateTable('campaign_recipients').set({ next_attempt_at: new Date(Date.now() - 1000) }).where('campaign_id', '=', campaignId).where('status', '=', 'queued').execute();
    await runCampaignSend(ctx, { workspaceId: ws.id, campaignId });
    expect((await getSendProgress({ ctx, actor: ws.owner.actor, campaignId })).progress).toMatchObject({ sent: 2, failed: 1 });
  });

  it('pauses, resumes and cancels; refuses what does not fit the state or the role', async () => {
    const { ws, campaignId } = await setup(4);
    const agency = (await ws.as('agency')).actor;
    const sales = (await ws.as('sales')).actor;
    await expect(startCampaignSend({ ctx, actor: sales, campaignId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(pauseCampaignSend({ ctx, actor: agency, campaignId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await startCampaignSend({ ctx, actor: agency, campaignId });
    await expect(startCampaignSend({ ctx, actor: agency, campaignId })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await pauseCampaignSend({ ctx, actor: agency, campaignId })).toMatchObject({ status: 'paused' });
    await runCampaignSend(ctx, { workspaceId: ws.id, campaignId });
    expect((await getSendProgress({ ctx, actor: agency, campaignId })).progress).toMatchObject({ queued: 4, sent: 0 });
    await resumeCampaignSend({ ctx, actor: agency, campaignId });
    await cancelCampaignSend({ ctx, actor: agency, campaignId });
    await runCampaignSend(ctx, { workspaceId: ws.id, campaignId });
    expect(await getSendProgress({ ctx, actor: agency, campaignId })).toMatchObject({ status: 'cancelled', progress: { skipped: 4, sent: 0 } });
  });

  it('refuses an empty audience and changes nothing', async () => {
    const ws = await newWorkspace(ctx);
    const list = await ctx.db.insertInto('lists').values({ workspace_id: ws.id, name: 'Empty' }).returning('id').executeTakeFirstOrThrow();
    await seedSending(ctx, ws.id, { port: sink.port });
    const campaignId = await seedCampaign(ctx, ws.id, { listIds: [Number(list.id)] });
    await expect(startCampaignSend({ ctx, actor: ws.owner.actor, campaignId })).rejects.toMatchObject({ code: 'VALIDATION' });
    const c = await ctx.db.selectFrom('campaigns').select(['status', 'compiled_html']).where('id', '=', campaignId).executeTakeFirstOrThrow();
    expect(c).toEqual({ status: 'draft', compiled_html: null });
  });

  it('shares a send between accounts by weight', async () => {
    const { ws, listId, campaignId } = await setup(40);
    const second = await seedSending(ctx, ws.id, { port: sink.port, weight: 3 });
    await ctx.db.updateTable('sending_accounts').set({ weight: 1 }).where('workspace_id', '=', ws.id).where('id', '!=', second.accountId).execute();
    await startCampaignSend({ ctx, actor: ws.owner.actor, campaignId });
    await runCampaignSend(ctx, { workspaceId: ws.id, campaignId });
    const rows = await ctx.db.selectFrom('campaign_recipients').select(['account_id']).where('campaign_id', '=', campaignId).execute();
    expect(rows.filter((r) => Number(r.account_id) === second.accountId).length).toBe(30);
    expect(messagesTo(`.${listId}@`).length).toBe(40);
  });
});
