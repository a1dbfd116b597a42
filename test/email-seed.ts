import type { AppContext } from '../src/context.js';

/**
 * A sent campaign straight in the tables (the sending pipeline is another module's): contacts,
 * the campaign and its recipient rows marked sent, so bounce and report tests have something
 * to report on without running a send.
 */
export async function seedSentCampaign(ctx: AppContext, o: { workspaceId: number; emails: string[]; name?: string; fromEmail?: string; startedAt?: Date }) {
  const startedAt = o.startedAt ?? new Date(Date.now() - 3 * 3_600_000);
  const existing = await ctx.db.selectFrom('contacts').select(['id', 'email']).where('workspace_id', '=', o.workspaceId).where('email', 'in', o.emails).execute();
  const missing = o.emails.filter((e) => !existing.some((c) => c.email === e));
  const created = missing.length ? await ctx.db.insertInto('contacts')
    .values(missing.map((email) => ({ workspace_id: o.workspaceId, email, email_normalized: email.toLowerCase(), first_name: email.split('@')[0]! })))
    .returning(['id', 'email']).execute() : [];
  const contacts = o.emails.map((e) => [...existing, ...created].find((c) => c.email === e)!);
  const campaign = await ctx.db.insertInto('campaigns').values({
    workspace_id: o.workspaceId, name: o.name ?? 'December offers', status: 'sent', subject: 'December offers', from_name: 'Acme', from_email: o.fromEmail ?? 'news@acme.test',
    started_at: startedAt, finished_at: new Date(startedAt.getTime() + 60_000), recipient_count: o.emails.length,
  }).returning(['id']).executeTakeFirstOrThrow();
  const recipients = await ctx.db.insertInto('campaign_recipients').values(contacts.map((c, i) => ({
    workspace_id: o.workspaceId, campaign_id: campaign.id, contact_id: c.id, email: c.email!, domain: c.email!.split('@')[1]!,
    status: 'sent' as const, sent_at: new Date(startedAt.getTime() + i * 10), message_id: `c${campaign.id}.r${c.id}@rapport.test`,
  }))).returning(['id', 'email', 'contact_id']).execute();
  return { campaignId: Number(campaign.id), startedAt, recipients: recipients.map((r) => ({ id: Number(r.id), email: r.email, contactId: Number(r.contact_id) })) };
}
