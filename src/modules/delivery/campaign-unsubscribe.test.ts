import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { startSmtpSink } from '../../../test/smtp-sink.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { runCampaignSend } from './campaign-send.job.js';
import { seedAudience, seedCampaign, seedSending } from './delivery-fixtures.js';
import { startCampaignSend } from './delivery.service.js';

let ctx: AppContext;
let app: App;
let close: () => Promise<void>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

beforeAll(async () => {
  ({ ctx, app, close } = await createTestApp({ clientAddress: uniqueClientAddress() }));
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
  await close();
});

/** The path of a link in a message (the app is reached by inject, not by its public host). */
const pathOf = (url: string) => new URL(url).pathname;

describe('an unsubscribe from a campaign email counts on that campaign', () => {
  it('one-click POST and the link page each mark their recipient once; the report counts them', async () => {
    const ws = await newWorkspace(ctx);
    await ctx.db.updateTable('workspaces').set({ postal_address: '1 Main St, Springfield' }).where('id', '=', ws.id).execute();
    const listId = await seedAudience(ctx, ws.id, 3);
    const { domain } = await seedSending(ctx, ws.id, { port: sink.port });
    const campaignId = await seedCampaign(ctx, ws.id, { listIds: [listId], domain });
    await startCampaignSend({ ctx, actor: ws.owner.actor, campaignId });
    await runCampaignSend(ctx, { workspaceId: ws.id, campaignId });
    const mail = await Promise.all(sink.messages.filter((m) => m.to[0]!.includes(`.${listId}@`)).map(async (m) => ({ to: m.to[0]!, parsed: await PostalMime.parse(m.raw) })));
    expect(mail).toHaveLength(3);
    const [first, second] = mail.sort((a, b) => a.to.localeCompare(b.to));

    // The List-Unsubscribe header's https link, posted as a mail client does (RFC 8058).
    const header = first!.parsed.headers.find((h) => h.key === 'list-unsubscribe')!.value;
    const oneClick = pathOf(/<(https?:[^>]+)>/.exec(header)![1]!);
    const post = (path: string) => app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect((await post(oneClick)).statusCode).toBe(200);
    expect((await post(oneClick)).statusCode).toBe(200);

    // The link in the body: the page, then its button.
    const inBody = pathOf(/href="([^"]+\/u\/[^"]+)"/.exec(second!.parsed.html!)![1]!);
    expect((await app.inject({ method: 'GET', url: inBody })).statusCode).toBe(200);
    expect((await post(inBody)).statusCode).toBe(200);

    const rows = await ctx.db.selectFrom('campaign_recipients').select(['email', 'unsubscribed_at']).where('campaign_id', '=', campaignId).orderBy('email').execute();
    expect(rows.map((r) => r.unsubscribed_at !== null)).toEqual([true, true, false]);
    const events = await ctx.db.selectFrom('email_events').select(['campaign_id', 'contact_id']).where('workspace_id', '=', ws.id).where('type', '=', 'unsubscribe').execute();
    expect(events).toHaveLength(2);
    expect(events.every((e) => Number(e.campaign_id) === campaignId)).toBe(true);
    const memberships = await ctx.db.selectFrom('list_members').select('status').where('list_id', '=', listId).orderBy('contact_id').execute();
    expect(memberships.filter((m) => m.status === 'unsubscribed')).toHaveLength(2);

    const report = (await app.inject({ method: 'GET', url: `/api/v1/email-reports/campaigns/${campaignId}`, headers: ws.owner.headers })).json();
    expect(report).toMatchObject({ sent: 3, unsubscribes: 2 });
  });
});
