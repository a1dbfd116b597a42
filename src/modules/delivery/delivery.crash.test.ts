import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, ownDatabase } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { startSmtpSink } from '../../../test/smtp-sink.js';
import { closeContext } from '../../boot.js';
import type { AppContext } from '../../context.js';
import { seedAudience, seedCampaign, seedSending } from './delivery-fixtures.js';
import { startCampaignSend } from './delivery.service.js';

/**
 * Crash safety: 20,000 recipients, the worker process killed with SIGKILL several times mid-send
 * and restarted. Afterwards every recipient is `sent` and reached the sink at least once; the
 * duplicates (accepted by SMTP in the instant before their state committed) are counted and printed.
 * Needs a database several processes share, so it runs on PostgreSQL only.
 */
const RECIPIENTS = 20_000;
const KILLS = 3;
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('campaign send survives kill -9', () => {
  let ctx: AppContext;
  let db: Awaited<ReturnType<typeof ownDatabase>>;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    db = await ownDatabase();
    ctx = await createTestContext({ databaseUrl: db.url });
    sink = await startSmtpSink({ keep: false });
  });
  afterAll(async () => {
    await sink.close();
    await closeContext(ctx);
    await db.drop();
  });

  const sentCount = async (campaignId: number) => Number((await ctx.db.selectFrom('campaign_recipients').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('campaign_id', '=', campaignId).where('status', '=', 'sent').executeTakeFirstOrThrow()).n);

  function startWorker(): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', 'test/send-worker.ts'], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', SECRET_KEY: 'test-secret-key-of-at-least-thirty-two-characters', SEND_CLAIM_LEASE_SECONDS: '3', SEND_BATCH_SIZE: '200' },
      stdio: 'ignore',
    });
  }

  async function until(check: () => Promise<boolean>, ms: number) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('timed out');
  }

  it('loses no recipient and reports duplicates', async () => {
    const ws = await newWorkspace(ctx);
    await ctx.db.updateTable('workspaces').set({ postal_address: '1 Main St' }).where('id', '=', ws.id).execute();
    const listId = await seedAudience(ctx, ws.id, RECIPIENTS);
    const { domain } = await seedSending(ctx, ws.id, { port: sink.port, maxPerSecond: 2000 });
    const campaignId = await seedCampaign(ctx, ws.id, { listIds: [listId], domain });
    await startCampaignSend({ ctx, actor: ws.owner.actor, campaignId });
    for (let k = 1; k <= KILLS; k++) {
      const worker = startWorker();
      const before = await sentCount(campaignId);
      await until(async () => (await sentCount(campaignId)) >= before + RECIPIENTS / 10, 300_000);
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
    }
    const last = startWorker();
    try {
      await until(async () => (await ctx.db.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirstOrThrow()).status === 'sent', 900_000);
    } finally {
      last.kill('SIGTERM');
    }
    const addresses = (await ctx.db.selectFrom('campaign_recipients').select('email').where('campaign_id', '=', campaignId).execute()).map((r) => r.email);
    const lost = addresses.filter((a) => !sink.counts.get(a));
    const duplicates = addresses.reduce((s, a) => s + Math.max(0, (sink.counts.get(a) ?? 0) - 1), 0);
    console.log(`crash test: ${RECIPIENTS} recipients, ${KILLS} kills, lost ${lost.length}, duplicates ${duplicates}`);
    expect(addresses).toHaveLength(RECIPIENTS);
    expect(lost).toEqual([]);
    expect(await sentCount(campaignId)).toBe(RECIPIENTS);
    // Only messages accepted in the instant before their state committed: at most a flush group and the sends in flight, per kill.
    expect(duplicates).toBeLessThanOrEqual(KILLS * 200);
  }, 1_800_000);
});
