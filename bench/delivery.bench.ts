import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:net';
import nodemailer from 'nodemailer';
import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { campaignSetup, runCampaignSend } from '../src/modules/delivery/campaign-send.job.js';
import { openCampaignComposer } from '../src/modules/delivery/compose-pool.js';
import { loadRenderContacts } from '../src/modules/delivery/compose.js';
import { seedAudience, seedCampaign, seedSending } from '../src/modules/delivery/delivery-fixtures.js';
import * as repo from '../src/modules/delivery/delivery.repo.js';
import { startCampaignSend } from '../src/modules/delivery/delivery.service.js';
import { loadSendingIdentity } from '../src/modules/delivery/sending-identity.js';
import { smtpPool } from '../src/mail/smtp-pool.js';
import { ratio } from './stats.js';

/**
 * A campaign with personalisation, tracking and DKIM RSA-2048 to Postfix's smtp-sink (a separate
 * process), beside the raw limits of the same run: RSA-2048 signatures per second on one core,
 * bare nodemailer pooled sends of one pre-built signed message of this campaign to the same sink,
 * the same sends through Rapport's own SMTP pool (the send's SMTP side alone), and composing alone (render + sign on the compose threads, no database, no SMTP).
 * The per-recipient-domain throttle is lifted (the audience has seven domains; at the default
 * 100/s per domain the throttle, not the pipeline, would be measured).
 */
const RECIPIENTS = Number(process.env.BENCH_SEND_RECIPIENTS ?? 100_000);
const CONNECTIONS = 5;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startSink() {
  const port = await freePort();
  const child = spawn('smtp-sink', ['-u', 'nobody', `127.0.0.1:${port}`, '1000'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  return { port, stop: () => child.kill('SIGTERM') };
}

function rsaSignsPerSecond(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.alloc(600, 'a');
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 1000) {
    sign('sha256', data, privateKey);
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

async function rawNodemailerPerSecond(port: number, count: number, message: { from: string; to: string; raw: string }): Promise<number> {
  const mailer = nodemailer.createTransport({ pool: true, host: '127.0.0.1', port, ignoreTLS: true, maxConnections: CONNECTIONS, maxMessages: Infinity });
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONNECTIONS * 4 }, async () => {
    while (next++ < count) await mailer.sendMail({ envelope: { from: message.from, to: message.to }, raw: message.raw });
  }));
  const rate = count / ((performance.now() - start) / 1000);
  mailer.close();
  return rate;
}

/** The same sends through the campaign's own SMTP pool (smtp-pool.ts): the send's SMTP side alone. */
async function rawPoolPerSecond(port: number, count: number, message: { from: string; to: string; raw: string }): Promise<number> {
  const pool = smtpPool({ host: '127.0.0.1', port, security: 'none', username: null, password: null, maxConnections: CONNECTIONS });
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONNECTIONS * 4 }, async () => {
    while (next++ < count) await pool.send({ from: message.from, to: message.to }, message.raw);
  }));
  const rate = count / ((performance.now() - start) / 1000);
  pool.close();
  return rate;
}

/** Composes `count` recipients of the campaign through the compose threads: the send's CPU side alone. */
async function composeOnly(ctx: AppContext, campaign: repo.CampaignRow, count: number) {
  const identity = await loadSendingIdentity(ctx.db, ctx.secret, Number(campaign.workspace_id), campaign.from_email);
  const composer = openCampaignComposer(await campaignSetup(ctx, campaign, identity.dkim), ctx.config.SEND_COMPOSE_THREADS);
  const rows = await ctx.db.selectFrom('campaign_recipients').select(['id', 'email', 'contact_id', 'list_id'])
    .where('campaign_id', '=', campaign.id).orderBy('id').limit(count).execute();
  const contacts = await loadRenderContacts(ctx.db, Number(campaign.workspace_id), rows.map((r) => Number(r.contact_id)));
  const inputs = rows.map((r) => ({ id: Number(r.id), email: r.email, listId: Number(r.list_id), contact: contacts.get(Number(r.contact_id))! }));
  await composer.composeMany(inputs.slice(0, 1))(0); // thread start-up is not composing
  const start = performance.now();
  const message = composer.composeMany(inputs);
  let sample = '';
  for (let i = 0; i < inputs.length; i++) sample = (await message(i)).raw;
  const rate = inputs.length / ((performance.now() - start) / 1000);
  composer.close();
  return { rate, sample };
}

export async function benchDelivery(ctx: AppContext, actor: Actor): Promise<Record<string, string | number>[]> {
  const sink = await startSink();
  const local: AppContext = {
    ...ctx,
    config: { ...ctx.config, SEND_MAX_PER_DOMAIN_PER_SECOND: 100_000 },
    // The bench runs one lane in this process: the send jobs the start enqueues are not needed.
    queue: { ...ctx.queue, send: async () => null },
  };
  try {
    const rsa = rsaSignsPerSecond();
    const listId = await seedAudience(ctx, actor.workspaceId, RECIPIENTS);
    await ctx.db.updateTable('workspaces').set({ postal_address: '1 Main St, Springfield' }).where('id', '=', actor.workspaceId).execute();
    const { domain } = await seedSending(ctx, actor.workspaceId, { port: sink.port, maxConnections: CONNECTIONS, maxPerSecond: 10_000 });
    const campaignId = await seedCampaign(ctx, actor.workspaceId, { listIds: [listId], domain });
    const t0 = performance.now();
    await startCampaignSend({ ctx: local, actor, campaignId });
    const freezeMs = performance.now() - t0;
    const campaign = (await repo.findCampaign(ctx.db, actor.workspaceId, campaignId))!;
    const composed = await composeOnly(local, campaign, Math.min(RECIPIENTS, 10_000));
    const sample = { from: `b@${domain}`, to: 'p1@d1.test', raw: composed.sample };
    const raw = await rawNodemailerPerSecond(sink.port, Math.min(RECIPIENTS, 10_000), sample);
    const pooled = await rawPoolPerSecond(sink.port, Math.min(RECIPIENTS, 10_000), sample);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const t1 = performance.now();
    await runCampaignSend(local, { workspaceId: actor.workspaceId, campaignId });
    const seconds = (performance.now() - t1) / 1000;
    clearInterval(sampler);
    const sent = (await repo.sendProgress(ctx.db, actor.workspaceId, campaignId)).sent;
    const rate = sent / seconds;
    const threads = ctx.config.SEND_COMPOSE_THREADS;
    return [
      { measure: 'RSA-2048 signatures/s (raw, one core)', value: Math.round(rsa), ratio: '' },
      { measure: `nodemailer pool (${CONNECTIONS} connections) → smtp-sink, one pre-built signed message, msg/s (raw)`, value: Math.round(raw), ratio: '' },
      { measure: `Rapport's SMTP pool (${CONNECTIONS} connections, pipelined) → smtp-sink, the same message, msg/s`, value: Math.round(pooled), ratio: `${ratio(pooled, raw)} of raw nodemailer` },
      { measure: `compose only (render + track + DKIM, ${threads} threads), msg/s`, value: Math.round(composed.rate), ratio: `${ratio(composed.rate, rsa)} of RSA` },
      { measure: `freeze ${RECIPIENTS.toLocaleString('en')} recipients (one INSERT … SELECT), ms`, value: Math.round(freezeMs), ratio: '' },
      { measure: `campaign send: ${sent.toLocaleString('en')} sent, personalised + tracked + DKIM, msg/s`, value: Math.round(rate), ratio: `${ratio(rate, raw)} of raw nodemailer, ${ratio(rate, pooled)} of the pool alone, ${ratio(rate, composed.rate)} of compose only` },
      { measure: `message size, bytes`, value: composed.sample.length, ratio: '' },
      { measure: 'peak RSS during the send (threads included), MB', value: Math.round(peak / 2 ** 20), ratio: '' },
    ];
  } finally {
    sink.stop();
  }
}
